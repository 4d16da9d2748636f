#include "conductor/memory_preflight.h"

#include "machine/memory.h"
#include "workloads/kernel.h"
#include "workloads/size_check.h"

#include <algorithm>
#include <cstdio>

namespace oversub::conductor {

namespace {
constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kPipeBuffersBytes = 2 * kMiB; // 1 MiB each way
// What an idle worker costs beyond its kernel's data (stack, page tables,
// private copies of touched pages, kernel structures): measured 0.30-0.50 MiB
// (MemAvailable drop / workers at 512 and 2,048 workers, bench/scale/
// worker_memory.sh, bench/RESULTS.md); 4x that leaves room for BLAS buffers.
// (8 MiB refused 4,096 small workers on a 24 GiB machine that runs them.)
constexpr uint64_t kWorkerOverheadBytes = 2 * kMiB;

std::string describe(const MemoryEstimate& e, uint64_t available) {
    return "this run needs about " + formatBytes(e.totalBytes()) + " (inputs " + formatBytes(e.inputBytes) +
           ", results " + formatBytes(e.resultBytes) + ", " + std::to_string(e.workers) + " workers x " +
           formatBytes(e.perWorkerBytes) + ") but only " + formatBytes(available) + " is available (MemAvailable " +
           "minus a " + formatBytes(memoryMarginBytes(available)) + " margin is " +
           formatBytes(available - std::min(available, memoryMarginBytes(available))) +
           "); lower size, tasks or workers, or use result=scalar / delivery=generate";
}
} // namespace

std::string formatBytes(uint64_t bytes) {
    char text[64];
    const double b = static_cast<double>(bytes);
    if (bytes >= (1ull << 30)) std::snprintf(text, sizeof text, "%.1f GiB", b / (1ull << 30));
    else if (bytes >= kMiB) std::snprintf(text, sizeof text, "%.1f MiB", b / kMiB);
    else if (bytes >= 1024) std::snprintf(text, sizeof text, "%.1f KiB", b / 1024);
    else std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    return text;
}

MemoryEstimate estimateMemory(const Experiment& experiment) {
    const Kernel& kernel = kernelFor(experiment.workload);
    const int size = static_cast<int>(experiment.size);
    const uint64_t tasks = static_cast<uint64_t>(std::max<int64_t>(experiment.tasks, 0));
    MemoryEstimate e;
    if (experiment.delivery != Delivery::Generate) e.inputBytes = tasks * kernel.inputDoubles(size) * sizeof(double);
    if (experiment.result == ResultReturn::Full) e.resultBytes = tasks * kernel.outputDoubles(size) * sizeof(double);
    e.perWorkerBytes = bytesNeeded(experiment.workload, size) + kPipeBuffersBytes + kWorkerOverheadBytes;
    e.workers = experiment.workers;
    return e;
}

uint64_t memoryMarginBytes(uint64_t availableBytes) { return std::max<uint64_t>(256 * kMiB, availableBytes / 20); }

MemoryRefused::MemoryRefused(const MemoryEstimate& estimate, uint64_t availableBytes)
    : InputError("memory", describe(estimate, availableBytes)), estimate_(estimate), availableBytes_(availableBytes) {}

void checkMemory(const Experiment& experiment, std::optional<uint64_t> availableBytes) {
    if (!availableBytes) availableBytes = machine::memAvailableBytes();
    if (!availableBytes) return;
    const MemoryEstimate estimate = estimateMemory(experiment);
    const uint64_t margin = memoryMarginBytes(*availableBytes);
    const uint64_t usable = *availableBytes > margin ? *availableBytes - margin : 0;
    if (estimate.totalBytes() > usable) throw MemoryRefused(estimate, *availableBytes);
}

} // namespace oversub::conductor
