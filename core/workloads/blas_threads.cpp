#include "workloads/blas_threads.h"

#include "util/input_error.h"

#include <cblas.h>

namespace oversub {

void setBlasThreads(int threads) {
    if (threads < 1) throw InputError("threads", std::to_string(threads), "1 or more");
    openblas_set_num_threads(threads);
}

int blasThreads() { return openblas_get_num_threads(); }

int blasProcessors() { return openblas_get_num_procs(); }

std::string openblasConfig() {
    const char* config = openblas_get_config();
    return config ? config : "";
}

std::string openblasCoreName() {
    const char* name = openblas_get_corename();
    return name ? name : "";
}

int openblasParallelMode() { return openblas_get_parallel(); }

std::string openblasParallelModeName() {
    switch (openblasParallelMode()) {
    case 0: return "sequential";
    case 1: return "pthreads";
    case 2: return "openmp";
    default: return "unknown";
    }
}

} // namespace oversub
