#include "workloads/kernel_timer.h"

#include "util/input_error.h"
#include "workloads/aligned_buffer.h"
#include "workloads/kernel.h"
#include "workloads/size_check.h"

#include <algorithm>
#include <chrono>

namespace oversub {

SecondsSummary summariseSeconds(std::span<const double> seconds) {
    if (seconds.empty()) throw InputError("repeat", "0", "1 or more");
    std::vector<double> sorted(seconds.begin(), seconds.end());
    std::sort(sorted.begin(), sorted.end());
    const size_t middle = sorted.size() / 2;
    SecondsSummary summary;
    summary.medianSeconds = sorted.size() % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle]);
    summary.minSeconds = sorted.front();
    summary.maxSeconds = sorted.back();
    return summary;
}

KernelTiming timeKernel(const Kernel& kernel, const KernelTimingOptions& options) {
    validateSize(kernel.workload(), options.size);
    checkIterations(options.iterations);
    if (options.repeats < 1) throw InputError("repeat", std::to_string(options.repeats), "1 or more");
    if (options.warmups < 0) throw InputError("warmup", std::to_string(options.warmups), "0 or more");

    AlignedBuffer input(kernel.inputDoubles(options.size));
    AlignedBuffer output(kernel.outputDoubles(options.size));
    kernel.fillInput(input.span(), options.size, options.seed);

    for (int i = 0; i < options.warmups; ++i) kernel.run(input.span(), output.span(), options.size, options.iterations);

    KernelTiming timing;
    timing.workload = kernel.workload();
    timing.size = options.size;
    timing.iterations = options.iterations;
    timing.repeatSeconds.reserve(static_cast<size_t>(options.repeats));
    for (int i = 0; i < options.repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        kernel.run(input.span(), output.span(), options.size, options.iterations);
        const auto stop = std::chrono::steady_clock::now();
        timing.repeatSeconds.push_back(std::chrono::duration<double>(stop - start).count());
    }
    timing.seconds = summariseSeconds(timing.repeatSeconds);
    timing.flops = kernel.flops(options.size, options.iterations);
    timing.bytes = kernel.bytes(options.size, options.iterations);
    if (timing.seconds.medianSeconds > 0) {
        timing.gflops = timing.flops / timing.seconds.medianSeconds / 1e9;
        timing.gbps = timing.bytes / timing.seconds.medianSeconds / 1e9;
    }
    timing.checksum = checksum(output.span());
    return timing;
}

} // namespace oversub
