#include "workloads/blas_threads.h"

#include "util/input_error.h"

#include <cblas.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

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

namespace {

// Widest vector unit a core's kernels use: 1 SSE, 2 AVX, 3 AVX2, 4 AVX-512.
int coreVectorLevel(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* avx512 : {"skylakex", "cooperlake", "sapphirerapids"})
        if (name == avx512) return 4;
    for (const char* avx2 : {"haswell", "zen", "excavator", "steamroller", "alderlake"})
        if (name == avx2) return 3;
    for (const char* avx : {"sandybridge", "bulldozer", "piledriver"})
        if (name == avx) return 2;
    return 1;
}

} // namespace

std::optional<std::string> betterOpenblasCoreType() {
    if (std::getenv("OPENBLAS_CORETYPE")) return std::nullopt;
    __builtin_cpu_init();
    std::string best;
    int bestLevel = 1;
    // __builtin_cpu_supports also checks that the OS saves the vector state.
    if (__builtin_cpu_supports("avx512f")) {
        best = __builtin_cpu_supports("avx512bf16") ? "Cooperlake" : "SkylakeX";
        bestLevel = 4;
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        best = "Haswell";
        bestLevel = 3;
    } else if (__builtin_cpu_supports("avx")) {
        best = "Sandybridge";
        bestLevel = 2;
    }
    if (bestLevel > coreVectorLevel(openblasCoreName())) return best;
    return std::nullopt;
}

} // namespace oversub
