#include "runner/auto_size.h"

#include "conductor/memory_preflight.h"
#include "machine/memory.h"
#include "topology/cache_fit.h"
#include "workloads/size_check.h"

#include <algorithm>
#include <cmath>

namespace oversub::runner {
namespace {

// Part of what the preflight allows that the workers' arrays may take: the
// rest is for the conductor's inputs and everything else.
constexpr double kMemoryShare = 0.5;

uint64_t largestLastLevelCache(const TopologyInfo& topology) {
    const uint64_t total = lastLevelCacheBytes(topology);
    const int instances = topology.caches.empty() ? 1 : std::max(1, topology.caches.back().count);
    return total / static_cast<uint64_t>(instances);
}

// Bytes one task holds per element of its n x n arrays (input, output, scratch).
double bytesPerElement(Workload workload) {
    constexpr int n = 256;
    return static_cast<double>(bytesNeeded(workload, n)) / (static_cast<double>(n) * n);
}

} // namespace

bool sizedPastCaches(Workload workload) {
    return workload == Workload::Elementwise || workload == Workload::Triad || workload == Workload::Scalar;
}

int sizePastCaches(Workload workload, double multiple, int workers, const TopologyInfo& topology,
                   std::optional<uint64_t> availableBytes) {
    const double perElement = bytesPerElement(workload);
    double elements = multiple * static_cast<double>(largestLastLevelCache(topology)) / perElement;
    if (availableBytes) {
        const uint64_t margin = conductor::memoryMarginBytes(*availableBytes);
        const double usable = *availableBytes > margin ? static_cast<double>(*availableBytes - margin) : 0;
        elements = std::min(elements, usable * kMemoryShare / std::max(1, workers) / perElement);
    }
    const double n = std::ceil(std::sqrt(std::max(1.0, elements)));
    return static_cast<int>(std::clamp(n, 1.0, static_cast<double>(maxKernelSize(workload))));
}

std::optional<int> resolvePastCacheSizes(Experiment& base, std::vector<SweepPoint>& points, const Topology& topology) {
    std::vector<Experiment*> todo;
    for (auto& p : points)
        if (p.experiment.pastCache > 0 && p.experiment.command.empty() && sizedPastCaches(p.experiment.workload))
            todo.push_back(&p.experiment);
    if (todo.empty()) return std::nullopt;
    int widest = 1;
    for (const Experiment* e : todo) widest = std::max(widest, e->workers);
    const auto available = machine::memAvailableBytes();
    int size = 1;
    for (const Experiment* e : todo)
        size = std::max(size, sizePastCaches(e->workload, e->pastCache, widest, topology.info(), available));
    // Resolved: the points (and the records of their runs) now name the size.
    for (Experiment* e : todo) {
        e->size = size;
        e->pastCache = 0;
    }
    if (base.pastCache > 0 && base.command.empty() && sizedPastCaches(base.workload)) {
        base.size = size;
        base.pastCache = 0;
    }
    return size;
}

} // namespace oversub::runner
