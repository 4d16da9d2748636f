// Triad: STREAM's a = b + s * c over N = n * n doubles (size is the side of
// an n x n array, as for every kernel). The input holds b then c; the output
// is a. `iterations` sweeps rewrite a each time. s is STREAM's 3.0.
// std::fma fixes the rounding (one rounding per element) with or without
// hardware FMA, so results are reproducible bit for bit.

#include "workloads/fill_random.h"
#include "workloads/kernel_set.h"
#include "workloads/size_check.h"

#include <cmath>

namespace oversub::workloads_detail {
namespace {

constexpr double kTriadScalar = 3.0;

void triadSweep(const double* __restrict b, const double* __restrict c, double* __restrict a,
                size_t count) {
    for (size_t i = 0; i < count; ++i) a[i] = std::fma(kTriadScalar, c[i], b[i]);
}

class TriadKernel final : public Kernel {
public:
    Workload workload() const override { return Workload::Triad; }

    size_t inputDoubles(int size) const override { return 2 * elements(size); }
    size_t outputDoubles(int size) const override { return elements(size); }

    // A multiply and an add per element per sweep.
    double flops(int size, int iterations) const override {
        return 2.0 * static_cast<double>(elements(size)) * iterations;
    }
    // STREAM counting: read b and c, write a = 3 * 8 * N per sweep; the
    // write-allocate read of a that a cache without streaming stores adds is
    // not counted.
    double bytes(int size, int iterations) const override {
        return 3.0 * 8.0 * static_cast<double>(elements(size)) * iterations;
    }

    void fillInput(std::span<double> input, int size, uint64_t seed) const override {
        checkFillArguments(*this, input.size(), size);
        fillUniform(input, seed, -1.0, 1.0);
    }

    void run(std::span<const double> input, std::span<double> output, int size,
             int iterations) const override {
        checkRunArguments(*this, input.size(), output.size(), size, iterations);
        const size_t count = elements(size);
        for (int i = 0; i < iterations; ++i) {
            triadSweep(input.data(), input.data() + count, output.data(), count);
            // Each sweep must really happen, even though it writes the same a.
            asm volatile("" : : "r"(output.data()) : "memory");
        }
    }

private:
    size_t elements(int size) const {
        checkSize(Workload::Triad, size);
        return static_cast<size_t>(size) * static_cast<size_t>(size);
    }
};

} // namespace

const Kernel& triadKernel() {
    static const TriadKernel kernel;
    return kernel;
}

} // namespace oversub::workloads_detail
