// `oversub-cli place`: worker cpusets and the oversubscription factor as
// JSON and as a table, and exit status 2 with a one-line message for bad input.

#include "run_cli.h"

#include "machine/affinity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

using oversub::test::runCli;

namespace {
const std::string kSynthetic = "pack:2 core:8 pu:2";

nlohmann::json placeJson(std::vector<std::string> args) {
    args.insert(args.begin(), "place");
    args.push_back("--json");
    const auto r = runCli(args);
    EXPECT_EQ(r.exitStatus, 0) << r.err;
    return r.exitStatus == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}
} // namespace

TEST(PlaceCli, ScatterJson) {
    const auto json = placeJson({"--workers", "4", "--threads", "1", "--policy", "scatter", "--synthetic", kSynthetic});
    ASSERT_EQ(json["workers"].size(), 4u);
    std::vector<std::string> cpusets;
    for (const auto& w : json["workers"]) cpusets.push_back(w["cpuset"]);
    EXPECT_EQ(cpusets, (std::vector<std::string>{"0", "8", "16", "24"}));
    EXPECT_EQ(json["workers"][2]["worker"], 2);
    EXPECT_EQ(json["workers"][2]["pus"], (nlohmann::json{16}));
    EXPECT_DOUBLE_EQ(json["oversubscription"].get<double>(), 4.0 / 32.0);
    EXPECT_EQ(json["machine"], "synthetic: " + kSynthetic);
}

TEST(PlaceCli, OversubscribedCompactOnThisMachine) {
    const oversub::CpuSet allowed = oversub::currentAffinity();
    const auto json = placeJson({"--workers", "4", "--threads", "2", "--policy", "compact"});
    EXPECT_EQ(json["allowed"], allowed.toList());
    EXPECT_DOUBLE_EQ(json["oversubscription"].get<double>(), 8.0 / allowed.count());
    for (const auto& w : json["workers"]) EXPECT_EQ(w["thread_pus"].size(), 2u);
}

namespace {
// The PUs each worker's threads get, as JSON arrays, one per worker.
std::vector<nlohmann::json> threadPus(const nlohmann::json& placement) {
    std::vector<nlohmann::json> out;
    for (const auto& w : placement["workers"]) out.push_back(w["thread_pus"]);
    return out;
}
} // namespace

// On a 2-PU host scatter and compact both give one worker per PU; on two
// packages of 4 cores with 2 PUs each (core c = PUs 2c and 2c+1) each
// policy has PUs of its own.
TEST(PlaceCli, ScatterAndCompactGiveTheirOwnPusOnASyntheticMachine) {
    const std::string machine = "pack:2 core:4 pu:2";
    using J = nlohmann::json;
    const auto compact = placeJson({"--workers", "4", "--threads", "2", "--policy", "compact", "--synthetic", machine});
    // Compact: logical order, SMT siblings together.
    EXPECT_EQ(threadPus(compact), (std::vector<J>{J{0, 1}, J{2, 3}, J{4, 5}, J{6, 7}}));
    const auto scatter = placeJson({"--workers", "4", "--threads", "2", "--policy", "scatter", "--synthetic", machine});
    // Scatter: packages first, then cores; each thread a core of its own.
    EXPECT_EQ(threadPus(scatter), (std::vector<J>{J{0, 2}, J{4, 6}, J{8, 10}, J{12, 14}}));
    EXPECT_EQ(scatter["used_pus"], 8);
    EXPECT_EQ(compact["used_pus"], 8);

    // Oversubscribed (12 threads on 8 PUs): compact wraps round to PU 0.
    const auto wrapped =
        placeJson({"--workers", "4", "--threads", "3", "--policy", "compact", "--synthetic", "pack:2 core:2 pu:2"});
    EXPECT_EQ(threadPus(wrapped), (std::vector<J>{J{0, 1, 2}, J{3, 4, 5}, J{6, 7, 0}, J{1, 2, 3}}));
    EXPECT_DOUBLE_EQ(wrapped["oversubscription"].get<double>(), 12.0 / 8.0);
}

TEST(PlaceCli, CustomListsPerWorker) {
    const auto json = placeJson({"--workers", "3", "--cpus", "0-3;core:5;0x30000", "--synthetic", kSynthetic});
    EXPECT_EQ(json["policy"], "custom");
    EXPECT_EQ(json["workers"][0]["cpuset"], "0-3");
    EXPECT_EQ(json["workers"][1]["cpuset"], "10-11");
    EXPECT_EQ(json["workers"][2]["cpuset"], "16-17");
}

TEST(PlaceCli, SingleTable) {
    const auto r = runCli({"place", "--workers", "3", "--policy", "single", "--synthetic", kSynthetic});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_NE(
        r.out.find(
            "     0  0                     0\n     1  0                     0\n     2  0                     0\n"),
        std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("oversubscription  0.09375 (3 threads / 32 allowed PUs)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("PUs used          1 (3 threads per used PU)"), std::string::npos) << r.out;
}

TEST(PlaceCli, BadInputIsExitTwoWithOneLine) {
    struct Case {
        std::vector<std::string> args;
        const char* mentions;
    };
    const Case cases[] = {
        {{"--workers", "0"}, "workers: '0' is not allowed (allowed: 1-4096)"},
        {{"--workers", "4097"}, "workers: '4097'"},
        {{"--workers", "1", "--threads", "0"}, "threads: '0' is not allowed (allowed: 1-1024)"},
        {{"--workers", "1", "--threads", "1025"}, "threads: '1025'"},
        {{"--workers", "1", "--policy", "spread"}, "policy: 'spread' is not allowed (allowed: inherit | compact"},
        {{"--workers", "2", "--cpus", "0;99999", "--synthetic", kSynthetic},
         "cpus: cpu 99999 is not on this machine (PUs 0-31)"},
        {{"--workers", "2", "--cpus", "0;", "--synthetic", kSynthetic}, "cpus: the cpu list is empty"},
        {{"--workers", "3", "--cpus", "0;1", "--synthetic", kSynthetic}, "2 cpu lists for 3 workers"},
        {{"--workers", "1", "--cpus", "core:99", "--synthetic", kSynthetic}, "'core:99'"},
        {{"--workers", "1", "--policy", "compact", "--cpus", "0", "--synthetic", kSynthetic},
         "only used with policy custom"},
        {{"--workers", "1", "--policy", "custom", "--synthetic", kSynthetic}, "policy custom needs cpu lists"},
        {{"--workers", "1", "--synthetic", "nonsense"}, "synthetic: 'nonsense'"},
        {{"--workers", "abc"}, "abc"},
        {{"--threads", "2"}, "--workers is required"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.mentions);
        std::vector<std::string> args{"place"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        const auto r = runCli(args);
        EXPECT_EQ(r.exitStatus, 2);
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_NE(r.err.find(c.mentions), std::string::npos) << r.err;
        if (r.err.rfind("oversub-cli: ", 0) == 0) { // our own errors are one line
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        }
    }
}

TEST(PlaceCli, CpusOutsideTheAllowedSetAreRefused) {
    // Under taskset -c FIRST the allowed set is one PU: "all" names every PU of
    // the machine, so it is refused exactly when the machine has others.
    const auto machine = nlohmann::json::parse(runCli({"topology", "--json"}).out);
    const std::string first = std::to_string(oversub::currentAffinity().first());
    const auto r = oversub::test::runProgram(
        "/usr/bin/taskset", {"-c", first, OVERSUB_CLI_PATH, "place", "--workers", "1", "--cpus", "all"});
    if (machine["pus"].get<int>() > 1) {
        EXPECT_EQ(r.exitStatus, 2);
        EXPECT_NE(r.err.find("outside the allowed set (allowed PUs " + first + ")"), std::string::npos) << r.err;
    } else {
        EXPECT_EQ(r.exitStatus, 0) << r.err;
    }
}

TEST(PlaceCli, Help) {
    const auto r = runCli({"place", "--help"});
    EXPECT_EQ(r.exitStatus, 0);
    for (const char* option : {"--workers", "--threads", "--policy", "--cpus", "--synthetic", "--xml", "--json"})
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
}
