// Scalar: a loop that cannot vectorise, standing for the seed's pure-Python
// Fibonacci and "silly mult". It walks the n x n input element by element,
// carrying one value through a dependent chain:
//     x = fma(x, kDecay, input[i])
// Each step needs the previous x, so the loop runs at the latency of one FMA
// per element on one core whatever the vector width; the recurrence is not a
// reduction the compiler may reassociate (no -ffast-math), and std::fma makes
// the rounding the same with or without hardware FMA. |x| stays below
// max|input| / (1 - kDecay), so it never overflows. `iterations` walks carry x
// on, so no walk can be skipped. The output is the final x (one double).

#include "workloads/fill_random.h"
#include "workloads/kernel_set.h"
#include "workloads/size_check.h"

#include <cmath>

namespace oversub::workloads_detail {
namespace {

constexpr double kDecay = 0.75;

class ScalarKernel final : public Kernel {
public:
    Workload workload() const override { return Workload::Scalar; }

    size_t inputDoubles(int size) const override { return square(size); }
    size_t outputDoubles(int size) const override {
        checkSize(Workload::Scalar, size);
        return 1;
    }

    // One fused multiply-add (2 flops) per element per walk.
    double flops(int size, int iterations) const override {
        const double n = size;
        return 2.0 * n * n * iterations;
    }
    // Each walk reads the input once; the one result double is negligible
    // but counted.
    double bytes(int size, int iterations) const override {
        const double n = size;
        return 8.0 * n * n * iterations + 8.0;
    }

    void fillInput(std::span<double> input, int size, uint64_t seed) const override {
        checkFillArguments(*this, input.size(), size);
        fillUniform(input, seed, -1.0, 1.0);
    }

    void run(std::span<const double> input, std::span<double> output, int size, int iterations) const override {
        checkRunArguments(*this, input.size(), output.size(), size, iterations);
        double x = 0.0;
        for (int i = 0; i < iterations; ++i)
            for (double value : input) x = std::fma(x, kDecay, value);
        output[0] = x;
    }

private:
    size_t square(int size) const { return checkedSquare(Workload::Scalar, size); }
};

} // namespace

const Kernel& scalarKernel() {
    static const ScalarKernel kernel;
    return kernel;
}

} // namespace oversub::workloads_detail
