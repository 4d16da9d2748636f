#pragma once
// Where a worker's working set lives: which cache level it fits in, given
// hwloc's cache sizes and how many workers share them. Memory bandwidth is
// only DRAM's when the data does not fit in a cache, so the bandwidth probe,
// `kernel triad`'s default size and the memory-bound finding all use this
// (docs/analysis.md, "Bandwidth that is DRAM's").

#include "topology/topology_info.h"

#include <cstdint>
#include <string>

namespace oversub {

// Some virtual machines report cache sizes no processor has (hwloc reads
// 508 MB per L3 on a 2-vCPU EPYC guest). A cache instance larger than this is
// taken as unknown and replaced by kAssumedCacheBytes for its level.
inline constexpr uint64_t kPlausibleCacheBytes = 256ull << 20;
// Used for a level whose reported size is missing or implausible.
inline constexpr uint64_t kAssumedLastLevelCacheBytes = 32ull << 20;

struct CacheFit {
    std::string level; // "L1", "L2", "L3", ... or "memory"
    uint64_t workingSetBytes = 0;
    uint64_t shareBytes = 0; // the worker's share of that level (0 for memory)
    bool sizesAssumed = false; // hwloc's sizes were missing or implausible somewhere
};

// Total bytes of the last-level caches of the machine (all instances), with
// implausible sizes replaced; `assumed` says whether that happened.
uint64_t lastLevelCacheBytes(const TopologyInfo& topology, bool* assumed = nullptr);

// The smallest level whose per-worker share holds `workingSetBytes`, with
// `workers` workers running at once: a level's share is one cache, or the
// level's total over the workers when there are more workers than caches.
CacheFit cacheFit(uint64_t workingSetBytes, int workers, const TopologyInfo& topology);

} // namespace oversub
