// Topology: hwloc synthetic machines, an XML fixture and this machine give
// the right counts, indices, SMT siblings, allowed set, tree text and JSON.

#include "machine/affinity.h"
#include "machine/topology.h"
#include "topology/topology_info.h"
#include "util/input_error.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

using oversub::CpuSet;
using oversub::InputError;
using oversub::topology::Topology;
using oversub::topology::TopologyInfo;

namespace {

const std::string kFixtures = std::string(OVERSUB_SOURCE_DIR) + "/tests/core/fixtures/topology/";

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct SyntheticCase {
    const char* description;
    int packages, numaNodes, cores, pus;
};

} // namespace

TEST(Topology, SyntheticMachinesHaveTheRightCounts) {
    const SyntheticCase cases[] = {
        {"pack:2 core:8 pu:2", 2, 1, 16, 32},
        {"pack:4 numa:2 core:16 pu:2", 4, 8, 128, 256},
        {"pack:2 numa:4 core:32 pu:2", 2, 8, 256, 512},
        {"pack:8 core:32 pu:2", 8, 1, 256, 512},
        {"core:2 pu:1", 1, 1, 2, 2},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.description);
        const Topology topo = Topology::fromSynthetic(c.description);
        const TopologyInfo& info = topo.info();
        EXPECT_EQ(info.packages, c.packages);
        EXPECT_EQ(info.numaNodes, c.numaNodes);
        EXPECT_EQ(info.cores, c.cores);
        EXPECT_EQ(info.puCount(), c.pus);
        EXPECT_EQ(info.allowed.count(), c.pus);
        EXPECT_EQ(info.allowed, CpuSet::range(0, c.pus - 1));
        EXPECT_FALSE(info.isThisMachine);
        EXPECT_EQ(info.source, std::string("synthetic: ") + c.description);
        // Logical order package > core > pu, OS index = logical index here.
        for (int i = 0; i < info.puCount(); ++i) {
            EXPECT_EQ(info.pus[i].logicalIndex, i);
            EXPECT_EQ(info.pus[i].osIndex, i);
            if (i > 0) {
                EXPECT_GE(info.pus[i].coreIndex, info.pus[i - 1].coreIndex);
                EXPECT_GE(info.pus[i].packageIndex, info.pus[i - 1].packageIndex);
            }
        }
    }
}

TEST(Topology, SyntheticMatchesTheUniformModel) {
    // hwloc's "pack:4 numa:2 core:16 pu:2" and the hwloc-free model agree PU by PU.
    const TopologyInfo fromHwloc = Topology::fromSynthetic("pack:4 numa:2 core:16 pu:2").info();
    const TopologyInfo uniform = oversub::topology::uniformTopologyInfo(4, 2, 16, 2);
    EXPECT_EQ(fromHwloc.pus, uniform.pus);
    EXPECT_EQ(fromHwloc.packages, uniform.packages);
    EXPECT_EQ(fromHwloc.numaNodes, uniform.numaNodes);
    EXPECT_EQ(fromHwloc.cores, uniform.cores);
    EXPECT_EQ(fromHwloc.allowed, uniform.allowed);
}

TEST(Topology, SmtSiblingsAndNuma) {
    const TopologyInfo info = Topology::fromSynthetic("pack:4 numa:2 core:16 pu:2").info();
    EXPECT_EQ(info.smtSiblingsOf(17), (std::vector<int>{16, 17}));
    EXPECT_EQ(info.smtSiblingsOf(16), (std::vector<int>{16, 17}));
    EXPECT_TRUE(info.smtSiblingsOf(256).empty());
    EXPECT_EQ(info.pusPerCoreMax(), 2);
    EXPECT_EQ(info.pusOfNuma(1).toList(), "32-63");
    EXPECT_EQ(info.pusOfPackage(3).toList(), "192-255");
    EXPECT_EQ(info.pusOfCore(127).toList(), "254-255");
    ASSERT_NE(info.puByOsIndex(100), nullptr);
    EXPECT_EQ(info.puByOsIndex(100)->numaIndex, 3);
    EXPECT_EQ(info.puByOsIndex(100)->packageIndex, 1);
    EXPECT_EQ(info.puByOsIndex(100)->coreIndex, 50);
}

TEST(Topology, SyntheticOsNumberingCanDifferFromLogical) {
    const TopologyInfo info = Topology::fromSynthetic("pack:1 core:2 pu:2(indexes=0,2,1,3)").info();
    ASSERT_EQ(info.puCount(), 4);
    EXPECT_EQ(info.pus[1].osIndex, 2);
    EXPECT_EQ(info.pus[1].logicalIndex, 1);
    EXPECT_EQ(info.smtSiblingsOf(0), (std::vector<int>{0, 2}));
    EXPECT_EQ(info.smtSiblingsOf(3), (std::vector<int>{1, 3}));
}

TEST(Topology, BadSyntheticDescriptionsNameTheField) {
    const char* bad[] = {"",
                         "   ",
                         "banana",
                         "pack:2 core:x",
                         "pack:0 core:2",
                         "pack:2 core:8 pu:2 wibble:3",
                         "pack:100000 core:100000 pu:2",
                         "core:70000",
                         "pack:2\ncore:2",
                         "pack:-1"};
    for (const char* text : bad) {
        SCOPED_TRACE(text);
        try {
            Topology::fromSynthetic(text);
            ADD_FAILURE() << "accepted";
        } catch (const InputError& e) {
            EXPECT_EQ(e.field(), "synthetic");
            EXPECT_EQ(std::string(e.what()).rfind("synthetic: ", 0), 0u) << e.what();
            EXPECT_NE(std::string(e.what()).find("pack:2 core:8 pu:2"), std::string::npos)
                << e.what(); // what is allowed
        }
    }
}

TEST(Topology, XmlFixture) {
    const Topology topo = Topology::fromXml(kFixtures + "two_packages_interleaved.xml");
    const TopologyInfo& info = topo.info();
    EXPECT_EQ(info.packages, 2);
    EXPECT_EQ(info.numaNodes, 2);
    EXPECT_EQ(info.cores, 4);
    EXPECT_EQ(info.puCount(), 8);
    EXPECT_FALSE(info.isThisMachine);
    EXPECT_EQ(info.source, "xml: " + kFixtures + "two_packages_interleaved.xml");
    // PU L#1 is P#4: SMT siblings of core 0 are P#0 and P#4.
    EXPECT_EQ(info.pus[1].osIndex, 4);
    EXPECT_EQ(info.smtSiblingsOf(0), (std::vector<int>{0, 4}));
    EXPECT_EQ(info.smtSiblingsOf(7), (std::vector<int>{3, 7}));
    EXPECT_EQ(info.pusOfPackage(1).toList(), "2-3,6-7");
    EXPECT_EQ(info.pusOfNuma(1), info.pusOfPackage(1));
    ASSERT_EQ(info.caches.size(), 2u);
    EXPECT_EQ(info.caches[0], (oversub::topology::CacheInfo{2, 1048576, 4}));
    EXPECT_EQ(info.caches[1], (oversub::topology::CacheInfo{3, 16777216, 2}));
    EXPECT_EQ(info.allowed.toList(), "0-7");
}

TEST(Topology, TreeTextMatchesLstopo) {
    // The golden file is lstopo-no-graphics's own output for the fixture.
    const Topology topo = Topology::fromXml(kFixtures + "two_packages_interleaved.xml");
    EXPECT_EQ(topo.treeText(), readFile(kFixtures + "two_packages_interleaved.lstopo.txt"));
}

TEST(Topology, BadXmlNamesTheField) {
    try {
        Topology::fromXml(kFixtures + "no_such_file.xml");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "xml");
        EXPECT_NE(std::string(e.what()).find("no_such_file.xml"), std::string::npos) << e.what();
    }
    // A file that exists but is not hwloc XML.
    try {
        Topology::fromXml(kFixtures + "two_packages_interleaved.lstopo.txt");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "xml");
        EXPECT_NE(std::string(e.what()).find("lstopo.txt"), std::string::npos) << e.what();
    }
}

TEST(Topology, ThisMachineMatchesTheKernel) {
    const Topology topo = Topology::load();
    const TopologyInfo& info = topo.info();
    EXPECT_TRUE(info.isThisMachine);
    EXPECT_EQ(info.source, "this machine");
    EXPECT_EQ(info.puCount(), sysconf(_SC_NPROCESSORS_ONLN));
    EXPECT_EQ(info.allowed, oversub::currentAffinity() & info.allPus());
    EXPECT_GE(info.packages, 1);
    EXPECT_GE(info.cores, 1);
    EXPECT_LE(info.cores, info.puCount());
    EXPECT_EQ(info.hwlocVersion, Topology::hwlocRuntimeVersion());
    EXPECT_EQ(info.hwlocVersion.rfind("2.", 0), 0u) << info.hwlocVersion;
    const std::string tree = topo.treeText();
    EXPECT_EQ(tree.rfind("Machine", 0), 0u) << tree;
    EXPECT_NE(tree.find("PU L#0 (P#"), std::string::npos) << tree;
}

TEST(Topology, BindingASyntheticTopologyBindsNothing) {
    const CpuSet before = oversub::currentAffinity();
    const Topology topo = Topology::fromSynthetic("pack:2 core:8 pu:2");
    EXPECT_FALSE(topo.bindThisProcess(CpuSet::fromVector({0})));
    EXPECT_EQ(oversub::currentAffinity(), before);
}

TEST(Topology, BindingThisMachineMovesTheProcess) {
    const Topology topo = Topology::load();
    const int target = topo.info().allowed.last();
    // In a child, so the test process keeps its own affinity.
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const bool bound = topo.bindThisProcess(CpuSet::fromVector({target}));
        const bool moved = oversub::currentAffinity() == CpuSet::fromVector({target});
        const bool emptyRefused = !topo.bindThisProcess(CpuSet());
        _exit(bound && moved && emptyRefused ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(Topology, MovedTopologyStaysUsable) {
    Topology a = Topology::fromSynthetic("pack:2 core:8 pu:2");
    Topology b = std::move(a);
    EXPECT_EQ(b.info().puCount(), 32);
    EXPECT_NE(b.treeText().find("PU L#31 (P#31)"), std::string::npos);
    a = Topology::fromSynthetic("core:2 pu:1");
    EXPECT_EQ(a.info().puCount(), 2);
}

TEST(Topology, LoadTopologyPicksTheSource) {
    EXPECT_EQ(oversub::topology::loadTopology("pack:2 core:8 pu:2", "").info().puCount(), 32);
    EXPECT_EQ(oversub::topology::loadTopology("", kFixtures + "two_packages_interleaved.xml").info().puCount(), 8);
    EXPECT_TRUE(oversub::topology::loadTopology("", "").info().isThisMachine);
    EXPECT_THROW(oversub::topology::loadTopology("pack:2", kFixtures + "two_packages_interleaved.xml"), InputError);
}
