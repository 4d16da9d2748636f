#include "topology/cache_fit.h"

#include <algorithm>

namespace oversub {

namespace {

uint64_t plausibleSize(const CacheInfo& cache, bool isLast, bool& assumed) {
    if (cache.sizeBytes > 0 && cache.sizeBytes <= kPlausibleCacheBytes) return cache.sizeBytes;
    assumed = true;
    // A first-level or middle cache that is implausible is capped, not trusted.
    return isLast ? kAssumedLastLevelCacheBytes : std::min<uint64_t>(cache.sizeBytes, kAssumedLastLevelCacheBytes);
}

} // namespace

uint64_t lastLevelCacheBytes(const TopologyInfo& topology, bool* assumed) {
    bool guessed = false;
    uint64_t bytes = kAssumedLastLevelCacheBytes;
    if (topology.caches.empty()) guessed = true;
    else {
        const auto& last = topology.caches.back(); // ascending level
        bytes = plausibleSize(last, true, guessed) * static_cast<uint64_t>(std::max(1, last.count));
    }
    if (assumed) *assumed = guessed;
    return bytes;
}

CacheFit cacheFit(uint64_t workingSetBytes, int workers, const TopologyInfo& topology) {
    CacheFit fit;
    fit.workingSetBytes = workingSetBytes;
    fit.level = "memory";
    const uint64_t sharing = static_cast<uint64_t>(std::max(1, workers));
    for (size_t i = 0; i < topology.caches.size(); ++i) {
        const auto& cache = topology.caches[i];
        const uint64_t size = plausibleSize(cache, i + 1 == topology.caches.size(), fit.sizesAssumed);
        const uint64_t total = size * static_cast<uint64_t>(std::max(1, cache.count));
        const uint64_t share = std::min(size, total / sharing);
        if (workingSetBytes <= share) {
            fit.level = "L" + std::to_string(cache.level);
            fit.shareBytes = share;
            return fit;
        }
    }
    return fit;
}

} // namespace oversub
