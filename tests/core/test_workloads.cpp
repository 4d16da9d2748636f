// Each kernel computes what it claims: checked against plain loops written
// independently here, at small sizes.

#include "workloads/blas_threads.h"
#include "workloads/kernel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace oversub {
namespace {

std::vector<double> filledInput(const Kernel& kernel, int size, uint64_t seed = 7) {
    std::vector<double> input(kernel.inputDoubles(size));
    kernel.fillInput(input, size, seed);
    return input;
}

std::vector<double> runKernel(const Kernel& kernel, const std::vector<double>& input, int size, int iterations) {
    std::vector<double> output(kernel.outputDoubles(size), -12345.0);
    kernel.run(input, output, size, iterations);
    return output;
}

double maxAbs(const std::vector<double>& values) {
    double m = 0;
    for (double v : values) m = std::max(m, std::abs(v));
    return m;
}

// Column-major C = A * B, the textbook triple loop.
std::vector<double> naiveGemm(const double* a, const double* b, int n) {
    std::vector<double> c(static_cast<size_t>(n) * n, 0.0);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            double sum = 0;
            for (int k = 0; k < n; ++k) sum += a[i + k * n] * b[k + j * n];
            c[i + j * n] = sum;
        }
    return c;
}

void expectGemmMatchesNaive(int n, int iterations) {
    const Kernel& gemm = kernelFor(Workload::Gemm);
    const auto input = filledInput(gemm, n);
    const auto c = runKernel(gemm, input, n, iterations);
    const auto expected = naiveGemm(input.data(), input.data() + n * n, n);
    ASSERT_EQ(c.size(), expected.size());
    double worst = 0;
    for (size_t i = 0; i < c.size(); ++i) worst = std::max(worst, std::abs(c[i] - expected[i]));
    EXPECT_LE(worst / maxAbs(expected), 1e-9) << "n=" << n;
}

TEST(GemmKernel, MatchesNaiveTripleLoop) {
    expectGemmMatchesNaive(1, 1);
    expectGemmMatchesNaive(17, 1);
    expectGemmMatchesNaive(64, 1);
}

TEST(GemmKernel, RepeatedMultipliesGiveTheSameProduct) { expectGemmMatchesNaive(33, 3); }

TEST(GemmKernel, TwoBlasThreadsGiveTheSameProduct) {
    setBlasThreads(2);
    expectGemmMatchesNaive(64, 1);
    expectGemmMatchesNaive(200, 1);
    setBlasThreads(1);
}

TEST(GemmKernel, IsNotSymmetricInItsOperands) {
    // Guards against A and B being swapped or transposed: A*B != B*A here.
    const Kernel& gemm = kernelFor(Workload::Gemm);
    const int n = 9;
    const auto input = filledInput(gemm, n);
    const auto c = runKernel(gemm, input, n, 1);
    const auto swapped = naiveGemm(input.data() + n * n, input.data(), n);
    double diff = 0;
    for (size_t i = 0; i < c.size(); ++i) diff = std::max(diff, std::abs(c[i] - swapped[i]));
    EXPECT_GT(diff, 1e-3);
}

// Output layout [ S | U | VT ], all n x n column-major.
void expectValidSvd(int n, int iterations) {
    const Kernel& svd = kernelFor(Workload::Svd);
    const auto input = filledInput(svd, n, 11);
    const auto inputCopy = input;
    const auto out = runKernel(svd, input, n, iterations);
    EXPECT_EQ(input, inputCopy) << "the input must not be written";
    const double* s = out.data();
    const double* u = s + n;
    const double* vt = u + static_cast<size_t>(n) * n;

    for (int i = 0; i < n; ++i) {
        EXPECT_GE(s[i], 0.0);
        if (i > 0) {
            EXPECT_LE(s[i], s[i - 1]) << "singular values must descend";
        }
    }
    double errorSq = 0, normSq = 0, orthoWorst = 0;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            double usv = 0, utu = 0;
            for (int k = 0; k < n; ++k) {
                usv += u[i + k * n] * s[k] * vt[k + j * n];
                utu += u[k + i * n] * u[k + j * n];
            }
            const double a = input[i + j * n];
            errorSq += (a - usv) * (a - usv);
            normSq += a * a;
            orthoWorst = std::max(orthoWorst, std::abs(utu - (i == j ? 1.0 : 0.0)));
        }
    EXPECT_LE(std::sqrt(errorSq / normSq), 1e-12) << "||A - U S V^T|| / ||A||, n=" << n;
    EXPECT_LE(orthoWorst, 1e-12) << "U^T U = I, n=" << n;
}

TEST(SvdKernel, ReconstructsTheInput) {
    expectValidSvd(1, 1);
    expectValidSvd(7, 1);
    expectValidSvd(60, 1);
}

TEST(SvdKernel, RepeatedDecompositionsStartFromTheInputEachTime) { expectValidSvd(25, 3); }

TEST(SvdKernel, SingularValuesOfADiagonalMatrixAreItsSortedAbsoluteDiagonal) {
    const Kernel& svd = kernelFor(Workload::Svd);
    const int n = 4;
    std::vector<double> a(16, 0.0);
    const double diagonal[] = {2.0, -5.0, 0.5, 3.0};
    for (int i = 0; i < n; ++i) a[i + i * n] = diagonal[i];
    const auto out = runKernel(svd, a, n, 1);
    const double expected[] = {5.0, 3.0, 2.0, 0.5};
    for (int i = 0; i < n; ++i) EXPECT_NEAR(out[i], expected[i], 1e-14);
}

// The kernel's documented chain: restart from the input every 8 iterations.
double elementwiseReference(double x, int iterations) {
    double m = 0;
    for (int i = 0; i < iterations; ++i) m = (i % 8 == 0) ? x * x : m * m;
    return m;
}

TEST(ElementwiseKernel, MatchesScalarLoop) {
    const Kernel& kernel = kernelFor(Workload::Elementwise);
    const int n = 33; // odd, so vector loops have a remainder
    const auto input = filledInput(kernel, n);
    for (int iterations : {1, 2, 7, 8, 9, 20}) {
        const auto out = runKernel(kernel, input, n, iterations);
        for (size_t i = 0; i < out.size(); ++i)
            ASSERT_EQ(out[i], elementwiseReference(input[i], iterations))
                << "element " << i << ", iterations " << iterations;
    }
}

TEST(ElementwiseKernel, FirstIterationsAreRepeatedSquaring) {
    const Kernel& kernel = kernelFor(Workload::Elementwise);
    const std::vector<double> input{1.25, 0.75, 1.0, 1.5};
    const auto out = runKernel(kernel, input, 2, 3);
    for (size_t i = 0; i < input.size(); ++i) EXPECT_DOUBLE_EQ(out[i], std::pow(input[i], 8.0)); // ((x^2)^2)^2
}

TEST(ElementwiseKernel, StaysFiniteAndNormalOverManyIterations) {
    const Kernel& kernel = kernelFor(Workload::Elementwise);
    const int n = 40;
    const auto input = filledInput(kernel, n, 3);
    for (int iterations : {8, 100, 1000}) {
        const auto out = runKernel(kernel, input, n, iterations);
        for (double v : out) ASSERT_TRUE(std::isnormal(v)) << v << " after " << iterations;
    }
}

void expectTriadMatchesScalarLoop(int n, size_t outputOffset) {
    const Kernel& kernel = kernelFor(Workload::Triad);
    const size_t count = static_cast<size_t>(n) * n;
    const auto input = filledInput(kernel, n);
    ASSERT_EQ(input.size(), 2 * count);
    for (int iterations : {1, 3}) {
        // Output placed at an offset, so the streaming path's alignment head runs.
        std::vector<double> buffer(count + outputOffset, -1.0);
        const std::span<double> out(buffer.data() + outputOffset, count);
        kernel.run(input, out, n, iterations);
        ASSERT_EQ(out.size(), count);
        for (size_t i = 0; i < count; ++i) {
            const double b = input[i], c = input[count + i];
            ASSERT_EQ(out[i], std::fma(3.0, c, b)) << "element " << i;
            ASSERT_NEAR(out[i], b + 3.0 * c, 1e-15 * (std::abs(b) + 3 * std::abs(c)));
        }
        for (size_t i = 0; i < outputOffset; ++i) ASSERT_EQ(buffer[i], -1.0) << "wrote before a";
    }
}

TEST(TriadKernel, MatchesScalarLoopInCache) { expectTriadMatchesScalarLoop(31, 0); }

// 3 x 601^2 doubles = 8.7 MB, beyond any L2: the streaming-store path.
TEST(TriadKernel, MatchesScalarLoopWithStreamingStores) {
    expectTriadMatchesScalarLoop(601, 0);
    expectTriadMatchesScalarLoop(601, 3);
}

TEST(ScalarKernel, MatchesReferenceChain) {
    const Kernel& kernel = kernelFor(Workload::Scalar);
    const int n = 50;
    const auto input = filledInput(kernel, n);
    for (int iterations : {1, 3}) {
        double x = 0;
        for (int i = 0; i < iterations; ++i)
            for (double v : input) x = std::fma(x, 0.75, v);
        const auto out = runKernel(kernel, input, n, iterations);
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0], x) << "iterations " << iterations;
    }
}

TEST(ScalarKernel, EveryWalkCounts) {
    const Kernel& kernel = kernelFor(Workload::Scalar);
    const auto input = filledInput(kernel, 10);
    EXPECT_NE(runKernel(kernel, input, 10, 1)[0], runKernel(kernel, input, 10, 2)[0]);
}

TEST(KernelInput, IsDeterministicPerSeedAndInRange) {
    for (Workload w : {Workload::Gemm, Workload::Elementwise, Workload::Svd, Workload::Scalar, Workload::Triad}) {
        const Kernel& kernel = kernelFor(w);
        const auto a = filledInput(kernel, 20, 5);
        const auto b = filledInput(kernel, 20, 5);
        const auto c = filledInput(kernel, 20, 6);
        EXPECT_EQ(a, b) << kernel.name();
        EXPECT_NE(a, c) << kernel.name();
        const double low = w == Workload::Elementwise ? 0.5 : -1.0;
        const double high = w == Workload::Elementwise ? 1.5 : 1.0;
        for (double v : a) {
            ASSERT_GE(v, low) << kernel.name();
            ASSERT_LT(v, high) << kernel.name();
        }
    }
}

TEST(KernelRun, RejectsSpansOfTheWrongSize) {
    for (Workload w : {Workload::Gemm, Workload::Elementwise, Workload::Svd, Workload::Scalar, Workload::Triad}) {
        const Kernel& kernel = kernelFor(w);
        std::vector<double> input(kernel.inputDoubles(8));
        std::vector<double> output(kernel.outputDoubles(8));
        std::vector<double> shortInput(input.size() - 1);
        std::vector<double> longOutput(output.size() + 1);
        EXPECT_THROW(kernel.run(shortInput, output, 8, 1), std::invalid_argument) << kernel.name();
        EXPECT_THROW(kernel.run(input, longOutput, 8, 1), std::invalid_argument) << kernel.name();
        EXPECT_THROW(kernel.fillInput(shortInput, 8, 1), std::invalid_argument) << kernel.name();
    }
}

TEST(KernelFor, ReturnsTheKernelOfEachWorkloadByName) {
    for (Workload w : {Workload::Gemm, Workload::Elementwise, Workload::Svd, Workload::Scalar, Workload::Triad}) {
        EXPECT_EQ(kernelFor(w).workload(), w);
        EXPECT_EQ(kernelFor(w).name(), toString(w));
    }
}

TEST(Checksum, IsTheSumOfTheOutput) {
    const std::vector<double> values{1.5, -2.0, 4.25};
    EXPECT_EQ(checksum(values), 3.75);
    EXPECT_EQ(checksum(std::vector<double>{}), 0.0);
}

} // namespace
} // namespace oversub
