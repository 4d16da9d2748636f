#include "workloads/size_check.h"

#include "machine/memory.h"
#include "util/input_error.h"
#include "workloads/kernel.h"

#include <cstdio>
#include <sstream>
#include <string>

namespace oversub {
namespace {

// n*n < 2^31 keeps every index and BLAS dimension product in a 32-bit int.
constexpr int kMaxSquareSide = 46340;
// dgesdd's workspace (4 n^2 + 7 n doubles) must fit a 32-bit lwork.
constexpr int kMaxSvdSide = 23170;

std::string formatBytes(uint64_t bytes) {
    char text[64];
    const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
    if (mib >= 1024.0) std::snprintf(text, sizeof text, "%.1f GiB", mib / 1024.0);
    else std::snprintf(text, sizeof text, "%.1f MiB", mib);
    return text;
}

} // namespace

int maxKernelSize(Workload workload) { return workload == Workload::Svd ? kMaxSvdSide : kMaxSquareSide; }

void checkSize(Workload workload, int size) {
    const int maxSize = maxKernelSize(workload);
    if (size < 1 || size > maxSize)
        throw InputError("size", std::to_string(size),
                         "1 to " + std::to_string(maxSize) + " for " + std::string(toString(workload)));
}

size_t checkedSquare(Workload workload, int size) {
    checkSize(workload, size);
    return static_cast<size_t>(size) * static_cast<size_t>(size);
}

void checkIterations(int iterations) {
    if (iterations < 1) throw InputError("iterations", std::to_string(iterations), "1 or more");
}

uint64_t bytesNeeded(Workload workload, int size) {
    checkSize(workload, size);
    const Kernel& kernel = kernelFor(workload);
    const uint64_t doubles = kernel.inputDoubles(size) + kernel.outputDoubles(size) + kernel.scratchDoubles(size);
    return doubles * sizeof(double);
}

void checkSizeFitsMemory(Workload workload, int size, uint64_t tasksInMemory, std::optional<uint64_t> availableBytes) {
    if (!availableBytes) availableBytes = machine::memAvailableBytes();
    if (!availableBytes) return; // unknown: nothing to refuse on
    const uint64_t perTask = bytesNeeded(workload, size);
    const uint64_t needed = perTask * tasksInMemory;
    if (needed <= *availableBytes) return;
    std::ostringstream message;
    message << size << " needs " << formatBytes(needed) << " for ";
    if (tasksInMemory == 1) message << "one " << toString(workload) << " task";
    else message << tasksInMemory << " " << toString(workload) << " tasks";
    message << " (input + output + scratch) but only " << formatBytes(*availableBytes)
            << " is available (MemAvailable)";
    throw InputError("size", message.str());
}

void validateSize(Workload workload, int size) {
    checkSize(workload, size);
    checkSizeFitsMemory(workload, size);
}

} // namespace oversub
