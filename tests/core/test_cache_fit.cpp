// Where a worker's data lives (topology/cache_fit.h) and how large the
// bandwidth probe's arrays are (analysis/bandwidth_probe.h): from 2 PUs with
// a virtual machine's implausible cache sizes to a 512-PU synthetic machine.

#include "machine/topology.h"
#include "runner/bandwidth_probe.h"
#include "topology/cache_fit.h"

#include <gtest/gtest.h>

using namespace oversub;

namespace {

constexpr uint64_t MiB = 1ull << 20;

TopologyInfo withCaches(std::vector<CacheInfo> caches, int pus = 2) {
    TopologyInfo t;
    for (int i = 0; i < pus; ++i) t.pus.push_back({});
    t.caches = std::move(caches);
    return t;
}

// Bytes of the three triad arrays of one worker at probe size n.
uint64_t triadBytes(int n) { return 24ull * static_cast<uint64_t>(n) * static_cast<uint64_t>(n); }

// 2 packages x 128 cores x 2 PUs: one 32 MiB L3 a package, 1 MiB L2 a core.
const TopologyInfo& bigMachine() {
    static const TopologyInfo info =
        Topology::fromSynthetic("pack:2 l3:1(size=33554432) core:128 l2:1(size=1048576) pu:2").info();
    return info;
}

} // namespace

TEST(CacheFit, SmallestLevelWhoseShareHoldsTheData) {
    const auto t = withCaches({{1, 48 * 1024, 2}, {2, 1 * MiB, 2}, {3, 32 * MiB, 1}});
    EXPECT_EQ(cacheFit(32 * 1024, 1, t).level, "L1");
    EXPECT_EQ(cacheFit(512 * 1024, 2, t).level, "L2");
    EXPECT_EQ(cacheFit(16 * MiB, 1, t).level, "L3");
    EXPECT_EQ(cacheFit(16 * MiB, 1, t).shareBytes, 32 * MiB);
    // Two workers share the one L3: 16 MiB each fits, 17 does not.
    EXPECT_EQ(cacheFit(16 * MiB, 2, t).level, "L3");
    EXPECT_EQ(cacheFit(17 * MiB, 2, t).level, "memory");
    EXPECT_EQ(cacheFit(17 * MiB, 2, t).shareBytes, 0u);
    EXPECT_FALSE(cacheFit(17 * MiB, 2, t).sizesAssumed);
}

TEST(CacheFit, ImplausibleSizesAreNotTrusted) {
    // What hwloc reads on a 2-vCPU EPYC guest: 508 MB per L3.
    const auto t = withCaches({{2, 1 * MiB, 2}, {3, 508 * MiB, 2}});
    bool assumed = false;
    EXPECT_EQ(lastLevelCacheBytes(t, &assumed), 2 * kAssumedLastLevelCacheBytes);
    EXPECT_TRUE(assumed);
    const auto fit = cacheFit(100 * MiB, 1, t);
    EXPECT_EQ(fit.level, "memory"); // it would "fit" in a 508 MB cache
    EXPECT_TRUE(fit.sizesAssumed);
    // No cache information at all: assumed too.
    EXPECT_EQ(lastLevelCacheBytes(withCaches({}), &assumed), kAssumedLastLevelCacheBytes);
    EXPECT_TRUE(assumed);
}

TEST(CacheFit, ManyWorkersShareTheCachesOfA512PuMachine) {
    const auto& t = bigMachine();
    ASSERT_EQ(t.puCount(), 512);
    EXPECT_EQ(cacheFit(16 * MiB, 1, t).level, "L3");
    EXPECT_EQ(cacheFit(16 * MiB, 4, t).level, "L3"); // 2 L3s of 32 MiB for 4 workers
    EXPECT_EQ(cacheFit(16 * MiB, 256, t).level, "memory"); // 256 KiB of L3 each
    EXPECT_EQ(cacheFit(512 * 1024, 256, t).level, "L2"); // one L2 a worker
    EXPECT_EQ(cacheFit(512 * 1024, 512, t).level, "L2"); // two workers a core: half an L2 each
    EXPECT_EQ(cacheFit(600 * 1024, 512, t).level, "memory"); // and 128 KiB of L3 each
}

TEST(BandwidthProbe, ArraysTakeFourTimesTheLastLevelCachesWithinBounds) {
    // 32 MiB of L3: 4x is 128 MiB, below the 256 MiB floor.
    const auto small = withCaches({{3, 32 * MiB, 1}});
    EXPECT_GE(triadBytes(analysis::probeSize(small, 1)), 256 * MiB);
    EXPECT_GE(2 * triadBytes(analysis::probeSize(small, 2)), 256 * MiB);
    EXPECT_LT(2 * triadBytes(analysis::probeSize(small, 2)), 257 * MiB + 24 * 2 * 8192);
    // 8 L3s of 96 MiB: 4x is 3 GiB, capped at 2 GiB.
    const auto large = withCaches({{3, 96 * MiB, 8}}, 64);
    EXPECT_GE(64 * triadBytes(analysis::probeSize(large, 64)), 2048 * MiB);
    EXPECT_LT(64 * triadBytes(analysis::probeSize(large, 64)), 2100 * MiB);
    // The 512-PU machine: 2 x 32 MiB of L3 -> 256 MiB over 512 workers, each
    // past its own share of every cache.
    const auto& big = bigMachine();
    const int n = analysis::probeSize(big, 512);
    EXPECT_GE(512 * triadBytes(n), 4 * lastLevelCacheBytes(big));
    EXPECT_EQ(cacheFit(triadBytes(n), 512, big).level, "memory");
    // One worker alone streams from memory too.
    EXPECT_EQ(cacheFit(triadBytes(analysis::probeSize(big, 1)), 1, big).level, "memory");
}

TEST(BandwidthProbe, AnImplausibleCacheDoesNotMakeTheProbeHuge) {
    const auto vm = withCaches({{3, 508 * MiB, 2}});
    // 4 x the assumed 2 x 32 MiB = 256 MiB: not 4 x 1016 MB.
    EXPECT_LT(triadBytes(analysis::probeSize(vm, 1)), 300 * MiB);
    EXPECT_EQ(cacheFit(triadBytes(analysis::probeSize(vm, 2)), 2, vm).level, "memory");
}
