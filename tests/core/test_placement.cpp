// Placement policies on synthetic machines: which PU every worker and thread
// gets, the oversubscription factor, and the errors for bad requests.

#include "machine/topology.h"
#include "placement/placement.h"
#include "topology/topology_info.h"
#include "util/input_error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

using oversub::AffinityPolicy;
using oversub::CpuSet;
using oversub::InputError;
using oversub::place;
using oversub::Placement;
using oversub::PlacementRequest;
using oversub::topology::Topology;
using oversub::topology::TopologyInfo;
using oversub::topology::uniformTopologyInfo;

namespace {

const std::string kFixtures = std::string(OVERSUB_SOURCE_DIR) + "/tests/core/fixtures/topology/";

const TopologyInfo& twoPackages() { // pack:2 core:8 pu:2
    static const TopologyInfo machine = Topology::fromSynthetic("pack:2 core:8 pu:2").info();
    return machine;
}

PlacementRequest request(int workers, int threads, AffinityPolicy policy, std::vector<CpuSet> custom = {}) {
    return {workers, threads, policy, std::move(custom)};
}

std::vector<int> firstPus(const Placement& p) {
    std::vector<int> out;
    for (const auto& w : p.workers) out.push_back(w.cpuset.first());
    return out;
}

std::vector<int> parseInts(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(std::stoi(item));
    return out;
}

} // namespace

TEST(Placement, ScatterPutsFourWorkersOnFourCoresTwoPerPackage) {
    const auto& m = twoPackages();
    const Placement p = place(request(4, 1, AffinityPolicy::Scatter), m);
    ASSERT_EQ(p.workers.size(), 4u);
    std::set<int> cores;
    std::map<int, int> perPackage;
    for (const auto& w : p.workers) {
        ASSERT_EQ(w.cpuset.count(), 1);
        const auto* pu = m.puByOsIndex(w.cpuset.first());
        ASSERT_NE(pu, nullptr);
        cores.insert(pu->coreIndex);
        ++perPackage[pu->packageIndex];
    }
    EXPECT_EQ(cores.size(), 4u);
    EXPECT_EQ(perPackage, (std::map<int, int>{{0, 2}, {1, 2}}));
    EXPECT_EQ(firstPus(p), (std::vector<int>{0, 8, 16, 24}));
}

TEST(Placement, ScatterMatchesThePlatformNotes) {
    const auto& m = twoPackages();
    EXPECT_EQ(firstPus(place(request(2, 1, AffinityPolicy::Scatter), m)), (std::vector<int>{0, 16}));
    std::vector<int> evens;
    for (int i = 0; i < 32; i += 2) evens.push_back(i);
    EXPECT_EQ(firstPus(place(request(16, 1, AffinityPolicy::Scatter), m)), evens); // cores before SMT siblings
    // hwloc_distrib's uneven areas for 3: {0-7}, {8-15}, {16-31}.
    const auto areas = oversub::distribute(m, m.allowed, 3);
    ASSERT_EQ(areas.size(), 3u);
    EXPECT_EQ(areas[0].toList(), "0-7");
    EXPECT_EQ(areas[1].toList(), "8-15");
    EXPECT_EQ(areas[2].toList(), "16-31");
}

TEST(Placement, ScatterThreadsOfAWorkerSpreadOverItsPackage) {
    // 2 workers x 2 threads: each worker one package, its threads on different cores.
    const Placement p = place(request(2, 2, AffinityPolicy::Scatter), twoPackages());
    EXPECT_EQ(p.workers[0].threadPus, (std::vector<int>{0, 8}));
    EXPECT_EQ(p.workers[1].threadPus, (std::vector<int>{16, 24}));
    EXPECT_EQ(p.workers[0].cpuset.toList(), "0,8");
}

// The golden file is hwloc-distrib --single's own output.
TEST(Placement, DistributeMatchesHwlocDistribGolden) {
    std::ifstream in(kFixtures + "hwloc_distrib_single.txt");
    ASSERT_TRUE(in) << "missing golden file";
    std::string line;
    int cases = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const size_t bar1 = line.find('|'), bar2 = line.find('|', bar1 + 1);
        const std::string description = line.substr(0, bar1);
        const int n = std::stoi(line.substr(bar1 + 1, bar2 - bar1 - 1));
        const std::vector<int> expected = parseInts(line.substr(bar2 + 1));
        SCOPED_TRACE(description + " n=" + std::to_string(n));
        const TopologyInfo m = Topology::fromSynthetic(description).info();
        EXPECT_EQ(oversub::distributeSingle(m, m.allowed, n), expected);
        ++cases;
    }
    EXPECT_GE(cases, 20);
}

TEST(Placement, DistributeNeedsNoHwloc) {
    // The hwloc-free model of "pack:4 numa:2 core:16 pu:2" distributes as hwloc does.
    const TopologyInfo uniform = uniformTopologyInfo(4, 2, 16, 2);
    const TopologyInfo hwloc = Topology::fromSynthetic("pack:4 numa:2 core:16 pu:2").info();
    for (int n : {3, 8, 12, 100, 256, 300})
        EXPECT_EQ(oversub::distributeSingle(uniform, uniform.allowed, n),
                  oversub::distributeSingle(hwloc, hwloc.allowed, n))
            << n;
}

TEST(Placement, ScatterStaysInsideTheAllowedSet) {
    TopologyInfo m = twoPackages();
    m.allowed = CpuSet::range(16, 31); // e.g. taskset -c 16-31
    const Placement p = place(request(2, 1, AffinityPolicy::Scatter), m);
    EXPECT_EQ(firstPus(p), (std::vector<int>{16, 24}));
    EXPECT_EQ(p.allowedPus, 16);
}

TEST(Placement, CompactKeepsSmtSiblingsTogether) {
    const auto& m = twoPackages();
    const Placement p = place(request(4, 2, AffinityPolicy::Compact), m);
    for (const auto& w : p.workers) {
        SCOPED_TRACE(w.worker);
        // Each worker's two threads share one core: they are SMT siblings.
        ASSERT_EQ(w.threadPus.size(), 2u);
        EXPECT_EQ(m.smtSiblingsOf(w.threadPus[0]), (std::vector<int>{w.threadPus[0], w.threadPus[1]}));
        EXPECT_EQ(w.cpuset.toList(), std::to_string(2 * w.worker) + "-" + std::to_string(2 * w.worker + 1));
    }
    // One thread each: workers 0 and 1 fill core 0 before core 1 is used.
    const Placement q = place(request(2, 1, AffinityPolicy::Compact), m);
    EXPECT_EQ(firstPus(q), (std::vector<int>{0, 1}));
}

TEST(Placement, CompactFollowsLogicalOrderNotOsNumbers) {
    // The fixture's core 0 holds P#0 and P#4.
    const TopologyInfo m = Topology::fromXml(kFixtures + "two_packages_interleaved.xml").info();
    const Placement p = place(request(2, 2, AffinityPolicy::Compact), m);
    EXPECT_EQ(p.workers[0].threadPus, (std::vector<int>{0, 4}));
    EXPECT_EQ(p.workers[1].threadPus, (std::vector<int>{1, 5}));
    // And scatter puts two workers on the two packages: P#0 and P#2.
    EXPECT_EQ(firstPus(place(request(2, 1, AffinityPolicy::Scatter), m)), (std::vector<int>{0, 2}));
}

TEST(Placement, CompactWrapsWhenOversubscribed) {
    const Placement p = place(request(20, 2, AffinityPolicy::Compact), twoPackages());
    EXPECT_EQ(p.workers[15].cpuset.toList(), "30-31");
    EXPECT_EQ(p.workers[16].cpuset.toList(), "0-1");
    EXPECT_EQ(p.workers[19].cpuset.toList(), "6-7");
    EXPECT_DOUBLE_EQ(p.oversubscription, 40.0 / 32.0);
}

TEST(Placement, SingleGivesEveryWorkerTheSamePu) {
    TopologyInfo m = twoPackages();
    m.allowed = CpuSet::fromVector({5, 9});
    const Placement p = place(request(4, 3, AffinityPolicy::Single), m);
    for (const auto& w : p.workers) {
        EXPECT_EQ(w.cpuset, CpuSet::fromVector({5}));
        EXPECT_EQ(w.threadPus, (std::vector<int>{5, 5, 5}));
    }
    EXPECT_EQ(p.usedPus, 1);
    EXPECT_DOUBLE_EQ(p.oversubscription, 12.0 / 2.0);
    EXPECT_DOUBLE_EQ(p.threadsPerUsedPu, 12.0); // what the seed's bug really does
}

TEST(Placement, InheritGivesEveryWorkerTheAllowedSet) {
    TopologyInfo m = twoPackages();
    m.allowed = CpuSet::range(4, 11);
    const Placement p = place(request(3, 2, AffinityPolicy::Inherit), m);
    for (const auto& w : p.workers) {
        EXPECT_EQ(w.cpuset, m.allowed);
        EXPECT_TRUE(w.threadPus.empty());
    }
    EXPECT_EQ(p.allowedPus, 8);
    EXPECT_DOUBLE_EQ(p.oversubscription, 6.0 / 8.0);
}

TEST(Placement, CustomListsAreHonoured) {
    const auto& m = twoPackages();
    const std::vector<CpuSet> perWorker = {CpuSet::fromVector({3}), CpuSet::range(8, 11), CpuSet::fromVector({30, 1})};
    const Placement p = place(request(3, 2, AffinityPolicy::Custom, perWorker), m);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(p.workers[i].cpuset, perWorker[i]);
    EXPECT_EQ(p.workers[0].threadPus, (std::vector<int>{3, 3}));
    EXPECT_EQ(p.workers[1].threadPus, (std::vector<int>{8, 9}));
    EXPECT_EQ(p.workers[2].threadPus, (std::vector<int>{1, 30}));

    const Placement all = place(request(4, 1, AffinityPolicy::Custom, {CpuSet::range(0, 1)}), m);
    for (const auto& w : all.workers) EXPECT_EQ(w.cpuset.toList(), "0-1");
}

TEST(Placement, OversubscriptionFactor) {
    const TopologyInfo m = uniformTopologyInfo(1, 1, 2, 1); // 2 PUs
    EXPECT_DOUBLE_EQ(place(request(4, 2, AffinityPolicy::Compact), m).oversubscription, 4.0);
    EXPECT_DOUBLE_EQ(place(request(1, 1, AffinityPolicy::Inherit), m).oversubscription, 0.5);
    EXPECT_DOUBLE_EQ(place(request(2, 1, AffinityPolicy::Scatter), m).oversubscription, 1.0);
    const Placement big = place(request(4096, 1024, AffinityPolicy::Scatter), m);
    EXPECT_DOUBLE_EQ(big.oversubscription, 4096.0 * 1024 / 2);
    EXPECT_EQ(big.workers.back().threadPus.size(), 1024u);
}

struct BadRequest {
    PlacementRequest request;
    const char* field;
    const char* mentions;
};

TEST(Placement, BadRequestsAreInputErrors) {
    const auto& m = twoPackages();
    const BadRequest cases[] = {
        {request(0, 1, AffinityPolicy::Compact), "workers", "'0'"},
        {request(4097, 1, AffinityPolicy::Compact), "workers", "1-4096"},
        {request(-3, 1, AffinityPolicy::Compact), "workers", "'-3'"},
        {request(1, 0, AffinityPolicy::Compact), "threads", "1-1024"},
        {request(1, 1025, AffinityPolicy::Compact), "threads", "'1025'"},
        {request(2, 1, AffinityPolicy::Custom), "cpus", "needs cpu lists"},
        {request(3, 1, AffinityPolicy::Custom, {CpuSet::fromVector({0}), CpuSet::fromVector({1})}), "cpus",
         "2 cpu lists for 3 workers"},
        {request(1, 1, AffinityPolicy::Custom, {CpuSet()}), "cpus", "empty"},
        {request(1, 1, AffinityPolicy::Compact, {CpuSet::fromVector({0})}), "cpus", "policy custom"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.mentions);
        try {
            place(c.request, m);
            ADD_FAILURE() << "accepted";
        } catch (const InputError& e) {
            EXPECT_EQ(e.field(), c.field);
            EXPECT_NE(std::string(e.what()).find(c.mentions), std::string::npos) << e.what();
        }
    }
    // Custom PUs outside the allowed set name those PUs and the allowed set.
    TopologyInfo narrow = m;
    narrow.allowed = CpuSet::range(0, 1);
    try {
        place(request(2, 1, AffinityPolicy::Custom, {CpuSet::fromVector({0}), CpuSet::fromVector({1, 5})}), narrow);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "cpus: worker 1's cpu list 1,5 has cpu 5 outside the allowed set (allowed PUs 0-1)");
    }
    narrow.allowed = CpuSet();
    EXPECT_THROW(place(request(1, 1, AffinityPolicy::Compact), narrow), InputError);
}

// 512 PUs: the whole placement, as JSON, against a golden file.
TEST(Placement, Golden512PuScatter) {
    const TopologyInfo m = Topology::fromSynthetic("pack:2 numa:4 core:32 pu:2").info();
    const Placement p = place(request(8, 4, AffinityPolicy::Scatter), m);
    std::ifstream in(kFixtures + "place_512_scatter_8x4.json");
    ASSERT_TRUE(in);
    const nlohmann::json golden = nlohmann::json::parse(in);
    EXPECT_EQ(toJson(p), golden) << toJson(p).dump(1);
    // The facts behind it: one worker per NUMA node, its 4 threads on 4 cores.
    std::set<int> numas;
    for (const auto& w : p.workers) {
        std::set<int> workerNumas, workerCores;
        for (int pu : w.threadPus) {
            workerNumas.insert(m.puByOsIndex(pu)->numaIndex);
            workerCores.insert(m.puByOsIndex(pu)->coreIndex);
        }
        EXPECT_EQ(workerNumas.size(), 1u);
        EXPECT_EQ(workerCores.size(), 4u);
        numas.insert(*workerNumas.begin());
    }
    EXPECT_EQ(numas.size(), 8u);
}

TEST(Placement, Compact512PusFillsCoresInOrder) {
    const TopologyInfo m = Topology::fromSynthetic("pack:2 numa:4 core:32 pu:2").info();
    const Placement p = place(request(64, 8, AffinityPolicy::Compact), m);
    EXPECT_EQ(p.workers[0].cpuset.toList(), "0-7");
    EXPECT_EQ(p.workers[63].cpuset.toList(), "504-511");
    EXPECT_DOUBLE_EQ(p.oversubscription, 1.0);
    EXPECT_EQ(p.usedPus, 512);
}

TEST(Placement, JsonHasTheDocumentedKeys) {
    const Placement p = place(request(2, 2, AffinityPolicy::Compact), uniformTopologyInfo(1, 1, 2, 1));
    const nlohmann::json json = toJson(p);
    EXPECT_EQ(json["policy"], "compact");
    EXPECT_DOUBLE_EQ(json["oversubscription"].get<double>(), 2.0);
    ASSERT_EQ(json["workers"].size(), 2u);
    EXPECT_EQ(json["workers"][1]["worker"], 1);
    EXPECT_EQ(json["workers"][1]["cpuset"], "0-1");
    EXPECT_EQ(json["workers"][1]["pus"], (nlohmann::json{0, 1}));
    EXPECT_EQ(json["workers"][1]["thread_pus"], (nlohmann::json{0, 1}));
}
