#include "workloads/kernel.h"

#include "workloads/kernel_set.h"
#include "workloads/size_check.h"

#include <stdexcept>
#include <string>

namespace oversub {

const Kernel& kernelFor(Workload workload) {
    using namespace workloads_detail;
    switch (workload) {
    case Workload::Gemm: return gemmKernel();
    case Workload::Elementwise: return elementwiseKernel();
    case Workload::Svd: return svdKernel();
    case Workload::Scalar: return scalarKernel();
    case Workload::Triad: return triadKernel();
    }
    throw std::invalid_argument("unknown workload " + std::to_string(static_cast<int>(workload)));
}

double checksum(std::span<const double> output) {
    double sum = 0.0;
    for (double value : output) sum += value;
    return sum;
}

namespace workloads_detail {

namespace {
void checkSpan(const Kernel& kernel, const char* what, size_t given, size_t expected, int size) {
    if (given != expected)
        throw std::invalid_argument(std::string(kernel.name()) + " size " + std::to_string(size) + ": " + what +
                                    " holds " + std::to_string(given) + " doubles, expected " +
                                    std::to_string(expected));
}
} // namespace

void checkRunArguments(const Kernel& kernel, size_t inputSize, size_t outputSize, int size, int iterations) {
    checkSize(kernel.workload(), size);
    checkIterations(iterations);
    checkSpan(kernel, "input", inputSize, kernel.inputDoubles(size), size);
    checkSpan(kernel, "output", outputSize, kernel.outputDoubles(size), size);
}

void checkFillArguments(const Kernel& kernel, size_t inputSize, int size) {
    checkSize(kernel.workload(), size);
    checkSpan(kernel, "input", inputSize, kernel.inputDoubles(size), size);
}

} // namespace workloads_detail
} // namespace oversub
