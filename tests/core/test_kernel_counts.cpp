// The numbers around the kernels: FLOP and byte formulas against hand-worked
// values, buffer sizes, size validation and the memory preflight, OpenBLAS
// thread control, and the standalone timer's bookkeeping.

#include "machine/memory.h"
#include "util/input_error.h"
#include "workloads/blas_threads.h"
#include "workloads/kernel.h"
#include "workloads/kernel_timer.h"
#include "workloads/size_check.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace oversub {
namespace {

const Workload kAll[] = {Workload::Gemm, Workload::Elementwise, Workload::Svd, Workload::Scalar, Workload::Triad};

TEST(KernelCounts, GemmIsTwoNCubedPerMultiply) {
    const Kernel& k = kernelFor(Workload::Gemm);
    EXPECT_EQ(k.flops(1000, 1), 2e9);
    EXPECT_EQ(k.flops(10, 3), 6000.0);
    EXPECT_EQ(k.bytes(1000, 1), 24e6); // A, B read, C written
    EXPECT_EQ(k.bytes(10, 2), 4800.0);
    EXPECT_EQ(k.inputDoubles(10), 200u);
    EXPECT_EQ(k.outputDoubles(10), 100u);
    EXPECT_EQ(k.scratchDoubles(10), 0u);
}

TEST(KernelCounts, ElementwiseIsOneMultiplyAndSixteenBytesPerElement) {
    const Kernel& k = kernelFor(Workload::Elementwise);
    EXPECT_EQ(k.flops(1000, 1), 1e6);
    EXPECT_EQ(k.flops(100, 100), 1e6);
    EXPECT_EQ(k.bytes(1000, 1), 16e6);
    EXPECT_EQ(k.bytes(100, 100), 16e6);
    EXPECT_EQ(k.inputDoubles(100), 10000u);
    EXPECT_EQ(k.outputDoubles(100), 10000u);
}

TEST(KernelCounts, SvdIsTwentyTwoNCubed) {
    const Kernel& k = kernelFor(Workload::Svd);
    EXPECT_EQ(k.flops(500, 1), 22.0 * 125e6);
    EXPECT_EQ(k.flops(10, 2), 44000.0);
    EXPECT_EQ(k.bytes(10, 1), 8.0 * (300 + 10)); // A read; U, VT, S written
    EXPECT_EQ(k.inputDoubles(10), 100u);
    EXPECT_EQ(k.outputDoubles(10), 210u); // S + U + VT
    // A copy plus at least LAPACK's minimum workspace 4 n^2 + 7 n plus 8 n ints.
    EXPECT_GE(k.scratchDoubles(10), 100u + 470u + 40u);
}

TEST(KernelCounts, ScalarIsOneFmaPerElement) {
    const Kernel& k = kernelFor(Workload::Scalar);
    EXPECT_EQ(k.flops(1000, 1), 2e6);
    EXPECT_EQ(k.flops(10, 5), 1000.0);
    EXPECT_EQ(k.bytes(10, 5), 8.0 * 500 + 8.0);
    EXPECT_EQ(k.inputDoubles(10), 100u);
    EXPECT_EQ(k.outputDoubles(10), 1u);
}

TEST(KernelCounts, TriadIsStreamCountedOverNSquaredElements) {
    const Kernel& k = kernelFor(Workload::Triad);
    EXPECT_EQ(k.flops(1000, 1), 2e6);
    EXPECT_EQ(k.bytes(1000, 1), 24e6); // 3 arrays x 8 bytes x 10^6
    EXPECT_EQ(k.bytes(10, 10), 24000.0);
    EXPECT_EQ(k.inputDoubles(10), 200u);
    EXPECT_EQ(k.outputDoubles(10), 100u);
}

TEST(BytesNeeded, IsInputOutputAndScratchOfOneTask) {
    EXPECT_EQ(bytesNeeded(Workload::Gemm, 100), 8u * 30000u);
    EXPECT_EQ(bytesNeeded(Workload::Triad, 100), 8u * 30000u);
    EXPECT_EQ(bytesNeeded(Workload::Elementwise, 100), 8u * 20000u);
    EXPECT_EQ(bytesNeeded(Workload::Scalar, 100), 8u * 10001u);
    const Kernel& svd = kernelFor(Workload::Svd);
    EXPECT_EQ(bytesNeeded(Workload::Svd, 100),
              8u * (svd.inputDoubles(100) + svd.outputDoubles(100) + svd.scratchDoubles(100)));
}

void expectSizeError(auto&& call, const std::string& mustMention = "") {
    try {
        call();
        ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "size");
        EXPECT_NE(std::string(e.what()).find("size"), std::string::npos) << e.what();
        if (!mustMention.empty()) {
            EXPECT_NE(std::string(e.what()).find(mustMention), std::string::npos) << e.what();
        }
    }
}

TEST(SizeValidation, ZeroNegativeAndTooLargeSizesNameTheField) {
    for (Workload w : kAll) {
        const Kernel& k = kernelFor(w);
        for (int bad : {0, -1, -1000, maxKernelSize(w) + 1}) {
            expectSizeError([&] { checkSize(w, bad); }, std::to_string(bad));
            expectSizeError([&] { (void)k.inputDoubles(bad); });
            expectSizeError([&] { (void)bytesNeeded(w, bad); });
            std::vector<double> empty;
            expectSizeError([&] { k.run(empty, empty, bad, 1); });
        }
        EXPECT_NO_THROW(checkSize(w, 1));
        EXPECT_NO_THROW(checkSize(w, maxKernelSize(w)));
    }
}

TEST(SizeValidation, IterationsBelowOneAreRefused) {
    const Kernel& k = kernelFor(Workload::Triad);
    std::vector<double> input(k.inputDoubles(4)), output(k.outputDoubles(4));
    try {
        k.run(input, output, 4, 0);
        ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "iterations");
    }
}

TEST(SizeValidation, MemoryBeyondWhatIsAvailableIsRefusedWithBothAmounts) {
    // 1000 x 1000 GEMM needs 24 MB; pretend only 10 MiB are available.
    expectSizeError([] { checkSizeFitsMemory(Workload::Gemm, 1000, 1, 10ull << 20); }, "10.0 MiB");
    expectSizeError([] { checkSizeFitsMemory(Workload::Gemm, 1000, 1, 10ull << 20); }, "22.9 MiB");
    expectSizeError([] { checkSizeFitsMemory(Workload::Triad, 1000, 4, 50ull << 20); }, "4 triad tasks");
    EXPECT_NO_THROW(checkSizeFitsMemory(Workload::Gemm, 1000, 1, 24ull << 20));
}

TEST(SizeValidation, RealMemAvailableDecidesWhetherTheLargestGemmFits) {
    // 46340^2 doubles x 3 = 48 GiB: refused exactly when MemAvailable is less.
    const uint64_t needed = bytesNeeded(Workload::Gemm, 46340);
    EXPECT_EQ(needed, 3ull * 46340 * 46340 * 8);
    const auto available = machine::memAvailableBytes();
    ASSERT_TRUE(available.has_value()) << "no MemAvailable in /proc/meminfo";
    if (needed > *available) expectSizeError([] { validateSize(Workload::Gemm, 46340); }, "MemAvailable");
    else EXPECT_NO_THROW(validateSize(Workload::Gemm, 46340));
    EXPECT_NO_THROW(validateSize(Workload::Gemm, 10));
}

TEST(BlasThreads, AreSetAndReadBack) {
    setBlasThreads(2);
    EXPECT_EQ(blasThreads(), 2);
    setBlasThreads(1);
    EXPECT_EQ(blasThreads(), 1);
    // Beyond the CPUs seen at load: the pool grows (oversubscription on purpose).
    setBlasThreads(blasProcessors() + 2);
    EXPECT_EQ(blasThreads(), blasProcessors() + 2);
    setBlasThreads(1);
    try {
        setBlasThreads(0);
        ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "threads");
    }
    EXPECT_EQ(blasThreads(), 1);
}

TEST(BlasThreads, ConfigNamesOpenBlasAndItsCore) {
    EXPECT_NE(openblasConfig().find("OpenBLAS"), std::string::npos) << openblasConfig();
    EXPECT_FALSE(openblasCoreName().empty());
    EXPECT_EQ(openblasParallelMode(), 1); // Debian's pthreads build
    EXPECT_EQ(openblasParallelModeName(), "pthreads");
}

TEST(BlasThreads, BetterCoreTypeIsOnlySuggestedWhenTheUserChoseNone) {
    const char* saved = std::getenv("OPENBLAS_CORETYPE");
    const std::string savedValue = saved ? saved : "";
    ::setenv("OPENBLAS_CORETYPE", "Haswell", 1);
    EXPECT_FALSE(betterOpenblasCoreType().has_value());
    ::unsetenv("OPENBLAS_CORETYPE");
    const auto better = betterOpenblasCoreType();
    __builtin_cpu_init();
    // The generic SSE3 core on a CPU with AVX is always worth replacing.
    if (openblasCoreName() == "Prescott" && __builtin_cpu_supports("avx")) {
        ASSERT_TRUE(better.has_value());
        EXPECT_NE(*better, "Prescott");
    }
    // Never suggests the core that is already loaded.
    if (better) {
        EXPECT_NE(*better, openblasCoreName());
    }
    if (saved) ::setenv("OPENBLAS_CORETYPE", savedValue.c_str(), 1);
}

TEST(KernelTimer, SummarisesMedianMinMax) {
    const std::vector<double> odd{3.0, 1.0, 2.0};
    const auto a = summariseSeconds(odd);
    EXPECT_EQ(a.medianSeconds, 2.0);
    EXPECT_EQ(a.minSeconds, 1.0);
    EXPECT_EQ(a.maxSeconds, 3.0);
    const std::vector<double> even{4.0, 1.0, 2.0, 8.0};
    EXPECT_EQ(summariseSeconds(even).medianSeconds, 3.0);
    EXPECT_THROW(summariseSeconds(std::vector<double>{}), InputError);
}

TEST(KernelTimer, TimesEachRepeatAndReportsTheKernelsCounts) {
    KernelTimingOptions options;
    options.size = 30;
    options.iterations = 2;
    options.repeats = 4;
    options.warmups = 0;
    options.seed = 9;
    const Kernel& kernel = kernelFor(Workload::Gemm);
    const KernelTiming timing = timeKernel(kernel, options);
    EXPECT_EQ(timing.workload, Workload::Gemm);
    EXPECT_EQ(timing.repeatSeconds.size(), 4u);
    EXPECT_EQ(timing.flops, kernel.flops(30, 2));
    EXPECT_EQ(timing.bytes, kernel.bytes(30, 2));
    EXPECT_LE(timing.seconds.minSeconds, timing.seconds.medianSeconds);
    EXPECT_LE(timing.seconds.medianSeconds, timing.seconds.maxSeconds);
    EXPECT_DOUBLE_EQ(timing.gflops * 1e9 * timing.seconds.medianSeconds, timing.flops);

    // The checksum is that of running the kernel directly on the same input.
    std::vector<double> input(kernel.inputDoubles(30)), output(kernel.outputDoubles(30));
    kernel.fillInput(input, 30, 9);
    kernel.run(input, output, 30, 2);
    EXPECT_EQ(timing.checksum, checksum(output));
}

TEST(KernelTimer, RefusesBadRepeatsAndSizes) {
    KernelTimingOptions options;
    options.size = 10;
    options.repeats = 0;
    try {
        timeKernel(kernelFor(Workload::Triad), options);
        ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "repeat");
    }
    options.repeats = 1;
    options.size = 0;
    expectSizeError([&] { timeKernel(kernelFor(Workload::Triad), options); });
}

} // namespace
} // namespace oversub
