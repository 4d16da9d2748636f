// Element-wise: the seed's `m = m * m` on an n x n Eigen array, `iterations`
// times. Repeated squaring leaves the double range after ~10 steps (x^(2^k)),
// and the underflowing side would crawl through denormals, so the chain
// restarts from the input every kRestartPeriod iterations: iteration i
// computes out = src * src with src = input when i % kRestartPeriod == 0, else
// src = out. Every iteration is still one read, one multiply and one write per
// element, so the counts below stay exact. Inputs are drawn from [0.5, 1.5):
// after 8 squarings values stay within [0.5^256, 1.5^256] ~ [1e-77, 1e45].

#include "workloads/fill_random.h"
#include "workloads/kernel_set.h"
#include "workloads/size_check.h"

#include <Eigen/Core>

namespace oversub::workloads_detail {
namespace {

constexpr int kRestartPeriod = 8;

class ElementwiseKernel final : public Kernel {
public:
    Workload workload() const override { return Workload::Elementwise; }

    size_t inputDoubles(int size) const override { return square(size); }
    size_t outputDoubles(int size) const override { return square(size); }

    // One multiply per element per iteration.
    double flops(int size, int iterations) const override {
        const double n = size;
        return n * n * iterations;
    }
    // One array read and one array written per iteration: 2 * 8 * n^2.
    double bytes(int size, int iterations) const override {
        const double n = size;
        return 2.0 * 8.0 * n * n * iterations;
    }

    void fillInput(std::span<double> input, int size, uint64_t seed) const override {
        checkFillArguments(*this, input.size(), size);
        fillUniform(input, seed, 0.5, 1.5);
    }

    void run(std::span<const double> input, std::span<double> output, int size, int iterations) const override {
        checkRunArguments(*this, input.size(), output.size(), size, iterations);
        const auto count = static_cast<Eigen::Index>(input.size());
        const Eigen::Map<const Eigen::ArrayXd> in(input.data(), count);
        Eigen::Map<Eigen::ArrayXd> m(output.data(), count);
        for (int i = 0; i < iterations; ++i) {
            if (i % kRestartPeriod == 0) m = in * in;
            else m = m * m; // coefficient-wise: aliasing is safe
        }
    }

private:
    size_t square(int size) const { return checkedSquare(Workload::Elementwise, size); }
};

} // namespace

const Kernel& elementwiseKernel() {
    static const ElementwiseKernel kernel;
    return kernel;
}

} // namespace oversub::workloads_detail
