// `oversub-cli topology`: the tree, the JSON the window reads, and exit
// status 2 with a one-line message for bad input.

#include "run_cli.h"

#include "machine/affinity.h"
#include "topology/topology_info.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <unistd.h>

using oversub::test::runCli;

namespace {
const std::string kFixtures = std::string(OVERSUB_SOURCE_DIR) + "/tests/core/fixtures/topology/";

int lineCount(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }
} // namespace

TEST(TopologyCli, ThisMachineAsJson) {
    const auto r = runCli({"topology", "--json"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto json = nlohmann::json::parse(r.out);
    for (const char* key : {"pus", "cores", "packages", "numa_nodes", "allowed", "tree", "pu_list", "caches"})
        EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_EQ(json["pus"].get<long>(), sysconf(_SC_NPROCESSORS_ONLN));
    // The child inherits this test's affinity.
    EXPECT_EQ(json["allowed"], oversub::currentAffinity().toList());
    EXPECT_TRUE(json["is_this_machine"].get<bool>());
    const auto info = oversub::topology::topologyInfoFromJson(json);
    EXPECT_EQ(info.puCount(), json["pus"].get<int>());
}

TEST(TopologyCli, TasksetNarrowsTheAllowedSet) {
    const std::string last = std::to_string(oversub::currentAffinity().last());
    const auto r = oversub::test::runProgram("/usr/bin/taskset", {"-c", last, OVERSUB_CLI_PATH, "topology", "--json"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["allowed"], last);
}

TEST(TopologyCli, SyntheticJsonCounts) {
    const auto r = runCli({"topology", "--synthetic", "pack:2 numa:4 core:32 pu:2", "--json"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json["pus"], 512);
    EXPECT_EQ(json["cores"], 256);
    EXPECT_EQ(json["packages"], 2);
    EXPECT_EQ(json["numa_nodes"], 8);
    EXPECT_EQ(json["allowed"], "0-511");
    ASSERT_EQ(json["tree"].size(), 2u);
    EXPECT_EQ(json["tree"][1]["cores"].size(), 128u);
    EXPECT_EQ(json["tree"][1]["cores"][0]["pus"], (nlohmann::json{256, 257}));
}

TEST(TopologyCli, TreeText) {
    const auto r = runCli({"topology", "--xml", kFixtures + "two_packages_interleaved.xml"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_NE(r.out.find("machine   2 packages, 2 NUMA nodes, 4 cores, 8 PUs (up to 2 per core)"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("caches    L2 1024KB x4 L3 16MB x2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("      L2 L#0 (1024KB) + Core L#0\n        PU L#0 (P#0)\n        PU L#1 (P#4)\n"),
              std::string::npos)
        << r.out;
    EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(TopologyCli, BadInputIsExitTwoWithOneLine) {
    struct Case {
        std::vector<std::string> args;
        const char* mentions;
    };
    const Case cases[] = {
        {{"topology", "--synthetic", "pack:2 core:x"}, "synthetic: 'pack:2 core:x'"},
        {{"topology", "--synthetic", "pack:1000 core:1000 pu:1000"}, "at most 65536 PUs"},
        {{"topology", "--xml", "/nonexistent/machine.xml"}, "xml: '/nonexistent/machine.xml' cannot be read"},
        {{"topology", "--xml", kFixtures + "hwloc_distrib_single.txt"}, "hwloc_distrib_single.txt"},
        {{"topology", "--synthetic", "pack:2", "--xml", "x.xml"}, "--synthetic excludes --xml"},
        {{"topology", "--bogus"}, "--bogus"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.mentions);
        const auto r = runCli(c.args);
        EXPECT_EQ(r.exitStatus, 2);
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_NE(r.err.find(c.mentions), std::string::npos) << r.err;
        if (r.err.rfind("oversub-cli: ", 0) == 0) { // our own errors are one line
            EXPECT_EQ(lineCount(r.err), 1) << r.err;
        }
    }
}

TEST(TopologyCli, Help) {
    const auto r = runCli({"topology", "--help"});
    EXPECT_EQ(r.exitStatus, 0);
    EXPECT_NE(r.out.find("--synthetic"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--xml"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--json"), std::string::npos) << r.out;
}
