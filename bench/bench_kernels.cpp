// Kernels against their bare baselines, side by side in one process with
// interleaved rounds (so a noisy neighbour hits both alike):
//   GEMM 1000 through Kernel::run vs a bare cblas_dgemm loop, 1 and 2 threads
//     (goal: the kernel keeps >= 97% of the bare speed);
//   triad GB/s vs glibc memcpy bandwidth (goal: >= 80%);
// plus element-wise GB/s, scalar GFLOP/s and SVD 500 seconds for the record.
// Usage: bench_kernels [rounds] [--keep-core]   (default 7 rounds)
// When OpenBLAS loaded a core narrower than the CPU (see
// betterOpenblasCoreType), the bench re-executes itself with
// OPENBLAS_CORETYPE set, unless --keep-core is given.

#include "workloads/aligned_buffer.h"
#include "workloads/blas_threads.h"
#include "workloads/kernel.h"

#include <cblas.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace oversub;

namespace {

double secondsOf(const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t m = values.size() / 2;
    return values.size() % 2 ? values[m] : 0.5 * (values[m - 1] + values[m]);
}

// Times a and b alternately (a first on even rounds, b first on odd ones) and
// returns their median seconds.
std::pair<double, double> interleaved(int rounds, const std::function<void()>& a, const std::function<void()>& b) {
    a();
    b(); // warm-up
    std::vector<double> ta, tb;
    for (int r = 0; r < rounds; ++r) {
        if (r % 2 == 0) {
            ta.push_back(secondsOf(a));
            tb.push_back(secondsOf(b));
        } else {
            tb.push_back(secondsOf(b));
            ta.push_back(secondsOf(a));
        }
    }
    return {median(ta), median(tb)};
}

struct Buffers {
    AlignedBuffer input, output;
    Buffers(const Kernel& kernel, int size) : input(kernel.inputDoubles(size)), output(kernel.outputDoubles(size)) {
        kernel.fillInput(input.span(), size, 1);
    }
};

void benchGemm(int rounds, int threads) {
    const int n = 1000, multiplies = 3;
    const Kernel& gemm = kernelFor(Workload::Gemm);
    Buffers buffers(gemm, n);
    AlignedBuffer bareC(static_cast<size_t>(n) * n);
    const double* a = buffers.input.data();
    const double* b = a + static_cast<size_t>(n) * n;
    setBlasThreads(threads);
    const auto [kernelSeconds, bareSeconds] = interleaved(
        rounds, [&] { gemm.run(buffers.input.span(), buffers.output.span(), n, multiplies); },
        [&] {
        for (int i = 0; i < multiplies; ++i)
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, bareC.data(), n);
        });
    const double flops = gemm.flops(n, multiplies);
    std::printf("gemm n=%d threads=%d  kernel %.1f GFLOP/s  bare cblas_dgemm %.1f GFLOP/s  "
                "ratio %.3f (goal >= 0.97)\n",
                n, threads, flops / kernelSeconds / 1e9, flops / bareSeconds / 1e9, bareSeconds / kernelSeconds);
    setBlasThreads(1);
}

void benchTriadVsMemcpy(int rounds) {
    const int n = 4000; // 16 M doubles = 128 MB per array, far beyond the caches
    const Kernel& triad = kernelFor(Workload::Triad);
    Buffers buffers(triad, n);
    const size_t count = static_cast<size_t>(n) * n;
    AlignedBuffer copy(count);
    const auto [triadSeconds, memcpySeconds] = interleaved(
        rounds, [&] { triad.run(buffers.input.span(), buffers.output.span(), n, 1); },
        [&] { std::memcpy(copy.data(), buffers.input.data(), count * sizeof(double)); });
    const double triadGbps = triad.bytes(n, 1) / triadSeconds / 1e9;
    const double memcpyGbps = 2.0 * 8.0 * count / memcpySeconds / 1e9; // read + write
    std::printf("triad N=%zu  %.1f GB/s  memcpy %.1f GB/s (read + write)  ratio %.3f "
                "(goal >= 0.80)\n",
                count, triadGbps, memcpyGbps, triadGbps / memcpyGbps);
}

void benchAlone(int rounds, Workload workload, int n, int iterations) {
    const Kernel& kernel = kernelFor(workload);
    Buffers buffers(kernel, n);
    kernel.run(buffers.input.span(), buffers.output.span(), n, iterations);
    std::vector<double> seconds;
    for (int r = 0; r < rounds; ++r)
        seconds.push_back(secondsOf([&] { kernel.run(buffers.input.span(), buffers.output.span(), n, iterations); }));
    const double s = median(seconds);
    std::printf("%-11s n=%d iterations=%d  %.4f s  %.2f GFLOP/s  %.1f GB/s\n", std::string(kernel.name()).c_str(), n,
                iterations, s, kernel.flops(n, iterations) / s / 1e9, kernel.bytes(n, iterations) / s / 1e9);
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 7;
    bool keepCore = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--keep-core") == 0) keepCore = true;
        else rounds = std::max(1, std::atoi(argv[i]));
    }
    if (const auto better = betterOpenblasCoreType(); better && !keepCore) {
        std::printf("OpenBLAS loaded core %s; re-running with OPENBLAS_CORETYPE=%s\n", openblasCoreName().c_str(),
                    better->c_str());
        std::fflush(stdout);
        ::setenv("OPENBLAS_CORETYPE", better->c_str(), 1);
        ::execv("/proc/self/exe", argv);
        std::perror("execv /proc/self/exe"); // carry on with the loaded core
    }
    std::printf("%s (core %s), %d rounds, medians\n", openblasConfig().c_str(), openblasCoreName().c_str(), rounds);
    benchGemm(rounds, 1);
    benchGemm(rounds, 2);
    benchTriadVsMemcpy(rounds);
    benchAlone(rounds, Workload::Elementwise, 1000, 20); // 16 MB in + out: in L3
    benchAlone(rounds, Workload::Elementwise, 4000, 4); // 256 MB: from memory
    benchAlone(rounds, Workload::Scalar, 1000, 4);
    setBlasThreads(1);
    benchAlone(rounds, Workload::Svd, 500, 1);
    setBlasThreads(2);
    benchAlone(rounds, Workload::Svd, 500, 1);
    setBlasThreads(1);
    return 0;
}
