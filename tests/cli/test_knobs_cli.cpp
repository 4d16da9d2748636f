// End-to-end facts about `oversub-cli knobs`: the JSON list parses and holds
// the table's ranges; `knobs resolve` merges file and flags, expands sweeps
// in order, and refuses bad values with exit status 2 and a one-line message.

#include "process_temp_dir.h"
#include "run_cli.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

using oversub::test::runCli;

namespace {

// Removed with the process, even when an assertion ends a test early.
std::string tempPath(const std::string& name) {
    static const oversub::test::ProcessTempDir dir("oversub-knobs-cli-");
    return dir.path() + "/" + name;
}

} // namespace

TEST(KnobsCli, JsonListsWorkersWithItsRange) {
    const auto r = runCli({"knobs", "--json"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto list = nlohmann::json::parse(r.out);
    ASSERT_TRUE(list.is_array());
    bool sawWorkers = false;
    for (const auto& k : list) {
        EXPECT_FALSE(k["hidden"].get<bool>()) << k["name"];
        if (k["name"] == "workers") {
            sawWorkers = true;
            EXPECT_EQ(k["min"], 1);
            EXPECT_EQ(k["max"], 4096);
            EXPECT_EQ(k["default"], 2);
            EXPECT_EQ(k["flag"], "--workers");
            EXPECT_FALSE(k["help"].get<std::string>().empty());
        }
        if (k["name"] == "delivery") {
            EXPECT_EQ(k["choices"].size(), 4u);
        }
    }
    EXPECT_TRUE(sawWorkers);
    const auto all = nlohmann::json::parse(runCli({"knobs", "--json", "--all"}).out);
    EXPECT_GT(all.size(), list.size()); // fault and command are hidden
}

TEST(KnobsCli, TextListsEveryVisibleKnob) {
    const auto r = runCli({"knobs"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    for (const char* text : {"--workers", "1-4096", "--delivery", "pipe | fork | shm | generate", "Placement"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text;
    EXPECT_EQ(r.out.find("--fault"), std::string::npos);
}

TEST(KnobsCli, BadValueExitsTwoNamingFieldValueAndRange) {
    const auto r = runCli({"knobs", "resolve", "--workers", "0"});
    EXPECT_EQ(r.exitStatus, 2);
    EXPECT_NE(r.err.find("workers: '0' is not allowed (allowed: 1-4096)"), std::string::npos) << r.err;
    const auto c = runCli({"knobs", "resolve", "--delivery", "pipe,pickle"});
    EXPECT_EQ(c.exitStatus, 2);
    EXPECT_NE(c.err.find("delivery: 'pickle'"), std::string::npos) << c.err;
    EXPECT_EQ(runCli({"knobs", "resolve", "--preset", "nope"}).exitStatus, 2);
}

TEST(KnobsCli, ListsExpandFirstFlagOutermost) {
    const auto r = runCli({"knobs", "resolve", "--threads", "1,2", "--workers", "1,2", "--points"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_EQ(r.out, "threads=1 workers=1\nthreads=1 workers=2\nthreads=2 workers=1\nthreads=2 workers=2\n");
}

TEST(KnobsCli, FlagsOverrideTheExperimentFile) {
    const std::string path = tempPath("e.json");
    std::ofstream(path) << R"({"workers": 4, "delivery": "shm", "sweep": [{"knob": "threads", "values": [1, 2]}]})";
    const auto r = runCli({"knobs", "resolve", "--experiment", path, "--workers", "3", "--threads", "2"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["workers"], 3);
    EXPECT_EQ(j["delivery"], "shm");
    EXPECT_EQ(j["threads"], 2);
    EXPECT_FALSE(j.contains("sweep")); // the single value replaced the file's axis
    std::ofstream(path) << R"({"workers": 4, "delivry": "shm"})";
    const auto bad = runCli({"knobs", "resolve", "--experiment", path});
    EXPECT_EQ(bad.exitStatus, 2);
    EXPECT_NE(bad.err.find(path + ": delivry"), std::string::npos) << bad.err;
    std::remove(path.c_str());
}
