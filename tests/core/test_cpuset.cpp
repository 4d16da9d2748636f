// CpuSet: membership, set algebra, and the list / mask spellings it prints.

#include "cpuset/cpuset.h"
#include "machine/affinity.h"
#include "topology/cpu_list.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <random>
#include <stdexcept>

using oversub::CpuSet;

TEST(CpuSet, EmptySet) {
    CpuSet s;
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.count(), 0);
    EXPECT_EQ(s.first(), -1);
    EXPECT_EQ(s.last(), -1);
    EXPECT_EQ(s.toList(), "");
    EXPECT_EQ(s.toHexMask(), "0x0");
    EXPECT_EQ(s.toHwlocMask(), "0x00000000");
    EXPECT_TRUE(s.toVector().empty());
}

TEST(CpuSet, AddRemoveContains) {
    CpuSet s;
    s.add(3);
    s.add(0);
    s.add(8191);
    EXPECT_TRUE(s.contains(0));
    EXPECT_TRUE(s.contains(3));
    EXPECT_TRUE(s.contains(8191));
    EXPECT_FALSE(s.contains(1));
    EXPECT_FALSE(s.contains(-1));
    EXPECT_FALSE(s.contains(100000));
    EXPECT_EQ(s.count(), 3);
    EXPECT_EQ(s.first(), 0);
    EXPECT_EQ(s.last(), 8191);
    EXPECT_EQ(s.toVector(), (std::vector<int>{0, 3, 8191}));
    s.remove(8191);
    EXPECT_EQ(s.last(), 3);
    EXPECT_EQ(s, CpuSet::fromVector({0, 3})); // trailing words dropped: equal sets compare equal
    s.remove(5000); // absent: no effect
    EXPECT_EQ(s.count(), 2);
}

TEST(CpuSet, RejectsIndicesOutsideRange) {
    CpuSet s;
    EXPECT_THROW(s.add(-1), std::out_of_range);
    EXPECT_THROW(s.add(CpuSet::kMaxIndex + 1), std::out_of_range);
    EXPECT_NO_THROW(s.add(CpuSet::kMaxIndex));
    EXPECT_THROW(s.addRange(0, CpuSet::kMaxIndex + 1), std::out_of_range);
}

TEST(CpuSet, AddRangeAcrossWords) {
    CpuSet s = CpuSet::range(60, 200);
    EXPECT_EQ(s.count(), 141);
    EXPECT_EQ(s.first(), 60);
    EXPECT_EQ(s.last(), 200);
    EXPECT_FALSE(s.contains(59));
    EXPECT_FALSE(s.contains(201));
    EXPECT_EQ(s.toList(), "60-200");
    CpuSet bits;
    for (int i = 60; i <= 200; ++i) bits.add(i);
    EXPECT_EQ(s, bits);
    EXPECT_TRUE(CpuSet::range(5, 4).empty());
    EXPECT_EQ(CpuSet::range(63, 64).toList(), "63-64");
    EXPECT_EQ(CpuSet::range(0, 63).words().size(), 1u);
}

TEST(CpuSet, Algebra) {
    const CpuSet a = CpuSet::fromVector({0, 1, 2, 3, 100});
    const CpuSet b = CpuSet::fromVector({2, 3, 4, 200});
    EXPECT_EQ((a | b).toList(), "0-4,100,200");
    EXPECT_EQ((a & b).toList(), "2-3");
    EXPECT_EQ((a - b).toList(), "0-1,100");
    EXPECT_EQ((b - a).toList(), "4,200");
    EXPECT_TRUE(a.intersects(b));
    EXPECT_FALSE(a.intersects(CpuSet::fromVector({5, 300})));
    EXPECT_TRUE((a & b).isSubsetOf(a));
    EXPECT_FALSE(a.isSubsetOf(b));
    EXPECT_TRUE(CpuSet().isSubsetOf(a));
    EXPECT_EQ(a.unite(b), b.unite(a));
    EXPECT_EQ(a.intersect(b), b.intersect(a));
    CpuSet c = a;
    c -= a;
    EXPECT_TRUE(c.empty());
    EXPECT_EQ(c, CpuSet());
}

TEST(CpuSet, ListSpelling) {
    EXPECT_EQ(CpuSet::fromVector({0, 1, 2, 3, 8}).toList(), "0-3,8");
    EXPECT_EQ(CpuSet::fromVector({0, 1}).toList(), "0-1");
    EXPECT_EQ(CpuSet::fromVector({0, 2, 4}).toList(), "0,2,4");
    EXPECT_EQ(CpuSet::fromVector({5}).toList(), "5");
    EXPECT_EQ(CpuSet::fromVector({63, 64, 65, 127, 128}).toList(), "63-65,127-128");
}

TEST(CpuSet, HexSpelling) {
    EXPECT_EQ(CpuSet::fromVector({0, 1}).toHexMask(), "0x3");
    EXPECT_EQ(CpuSet::range(0, 7).toHexMask(), "0xff");
    EXPECT_EQ(CpuSet::fromVector({0, 100}).toHexMask(), "0x10000000000000000000000001"); // taskset's spelling
    EXPECT_EQ(CpuSet::fromVector({64}).toHexMask(), "0x10000000000000000");
    EXPECT_EQ(CpuSet::fromVector({0, 40}).toHwlocMask(), "0x00000100,0x00000001"); // hwloc-calc's spelling
    EXPECT_EQ(CpuSet::fromVector({0}).toHwlocMask(), "0x00000001");
}

// Random sets print and parse back to themselves, in all three spellings.
TEST(CpuSet, ListAndMaskRoundTrip) {
    std::mt19937 random(12345);
    for (int trial = 0; trial < 200; ++trial) {
        CpuSet s;
        const int maxIndex = trial < 100 ? 63 : 8191;
        std::uniform_int_distribution<int> pick(0, maxIndex);
        const int members = 1 + trial % 40;
        for (int i = 0; i < members; ++i) s.add(pick(random));
        if (trial % 7 == 0) s.addRange(pick(random) / 2, maxIndex / 2 + pick(random) / 2);
        SCOPED_TRACE(s.toList());
        EXPECT_EQ(oversub::parsePlainCpuList(s.toList()), s);
        EXPECT_EQ(oversub::parsePlainCpuList(s.toHexMask()), s);
        EXPECT_EQ(oversub::parsePlainCpuList(s.toHwlocMask()), s);
        EXPECT_EQ(CpuSet::fromVector(s.toVector()), s);
        EXPECT_EQ(CpuSet::fromWords(s.words()), s);
    }
}

TEST(Affinity, MatchesSysconfAndRoundTrips) {
    const CpuSet mine = oversub::currentAffinity();
    ASSERT_FALSE(mine.empty());
    EXPECT_LE(mine.count(), sysconf(_SC_NPROCESSORS_ONLN));
    EXPECT_EQ(oversub::currentAffinity(getpid()), mine);

    // Narrow this thread to its first PU and back; the kernel reports what we set.
    const CpuSet one = CpuSet::fromVector({mine.first()});
    oversub::setAffinity(0, one);
    EXPECT_EQ(oversub::currentAffinity(), one);
    oversub::setAffinity(0, mine);
    EXPECT_EQ(oversub::currentAffinity(), mine);
}

TEST(Affinity, RefusalCarriesErrnoText) {
    try {
        oversub::setAffinity(0, CpuSet());
        FAIL() << "an empty set was accepted";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find("Invalid argument"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("empty set"), std::string::npos) << e.what();
    }
    EXPECT_THROW(oversub::currentAffinity(999999999), std::system_error);
}
