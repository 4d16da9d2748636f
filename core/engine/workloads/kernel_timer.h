#pragma once
// Runs one kernel standalone, outside any worker: fill the input once, run a
// few untimed warm-ups, then time `repeats` runs with steady_clock. This is
// what `oversub-cli kernel` prints and what bench/ compares against bare
// library calls. BLAS threads are whatever setBlasThreads() last set.

#include "knobs/choices.h"

#include <cstdint>
#include <span>
#include <vector>

namespace oversub {

class Kernel;

struct KernelTimingOptions {
    int size = 0;
    int iterations = 1; // per run (task)
    int repeats = 5; // timed runs
    int warmups = 1; // untimed runs before them
    uint64_t seed = 1;
};

struct SecondsSummary {
    double medianSeconds = 0; // mean of the middle two for an even count
    double minSeconds = 0;
    double maxSeconds = 0;
};

struct KernelTiming {
    Workload workload = Workload::Gemm;
    int size = 0;
    int iterations = 0;
    std::vector<double> repeatSeconds; // in run order
    SecondsSummary seconds;
    double flops = 0; // one run
    double bytes = 0; // one run
    double gflops = 0; // flops / median seconds / 1e9
    double gbps = 0; // bytes / median seconds / 1e9
    double checksum = 0; // of the last run's output
};

// Throws InputError for an empty span.
SecondsSummary summariseSeconds(std::span<const double> seconds);

// Throws InputError: "size" (range or memory), "iterations", "repeat" (< 1),
// "warmup" (< 0).
KernelTiming timeKernel(const Kernel& kernel, const KernelTimingOptions& options);

} // namespace oversub
