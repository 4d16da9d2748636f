// GEMM: C = A * B with OpenBLAS cblas_dgemm, n x n doubles, column-major.
// The input holds A then B; the output is C. `iterations` multiplies are done
// back to back into the same C (beta = 0), like the seed's repeated np.dot.
// BLAS threads are whatever setBlasThreads() last set in this process.

#include "workloads/fill_random.h"
#include "workloads/kernel_set.h"
#include "workloads/size_check.h"

#include <cblas.h>

namespace oversub::workloads_detail {
namespace {

class GemmKernel final : public Kernel {
public:
    Workload workload() const override { return Workload::Gemm; }

    size_t inputDoubles(int size) const override { return 2 * square(size); }
    size_t outputDoubles(int size) const override { return square(size); }

    // 2 n^3 per multiply: n^3 multiplies and n^3 adds (beta = 0 adds nothing).
    double flops(int size, int iterations) const override {
        const double n = size;
        return 2.0 * n * n * n * iterations;
    }
    // Compulsory traffic per multiply: read A and B, write C.
    double bytes(int size, int iterations) const override {
        const double n = size;
        return 3.0 * 8.0 * n * n * iterations;
    }

    void fillInput(std::span<double> input, int size, uint64_t seed) const override {
        checkFillArguments(*this, input.size(), size);
        fillUniform(input, seed, -1.0, 1.0);
    }

    void run(std::span<const double> input, std::span<double> output, int size, int iterations) const override {
        checkRunArguments(*this, input.size(), output.size(), size, iterations);
        const double* a = input.data();
        const double* b = input.data() + square(size);
        for (int i = 0; i < iterations; ++i)
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, size, size, size, 1.0, a, size, b, size, 0.0,
                        output.data(), size);
    }

private:
    size_t square(int size) const { return checkedSquare(Workload::Gemm, size); }
};

} // namespace

const Kernel& gemmKernel() {
    static const GemmKernel kernel;
    return kernel;
}

} // namespace oversub::workloads_detail
