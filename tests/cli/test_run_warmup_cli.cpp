// `run` and `sweep` through the core's SweepDriver, end to end: an explicit
// `--warmup 0` means no warm-up in a sweep too (without it the first point
// warms up once), a single-point run is a sweep of one point (runs_total is
// its warm-ups and repetitions, run_done carries the advisor's findings,
// sweep_done no sweep summary), and a failing single-point run stops at its
// first failure with sweep_done failed and the run's message on stderr.

#include "events/event.h"
#include "export/results.h"

#include "cli_process.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace oversub;
using testing::HasSubstr;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-run-warmup-");
    return dir.path() + "/" + name;
}

std::vector<std::string> small(const std::string& command, std::vector<std::string> extra) {
    std::vector<std::string> out{command,   "--workload", "gemm",       "--size", "40",
                                 "--tasks", "2",          "--schedule", "static", "--quiet"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

} // namespace

TEST(RunWarmupCli, AnExplicitZeroWarmupMeansNoWarmupInASweep) {
    for (const std::string command : {"sweep", "run"}) {
        const std::string json = tempPath(command + "-zero.json");
        const auto r = test::runCli(small(command, {"--workers", "1,2", "--warmup", "0", "--out", json}));
        ASSERT_EQ(r.exitStatus, 0) << command << ": " << r.err;
        const Results results = readResultsJson(json);
        ASSERT_EQ(results.runs.size(), 2u) << command;
        EXPECT_FALSE(results.runs[0].warmup) << command;
        EXPECT_FALSE(results.runs[1].warmup) << command;
    }
    // Without --warmup the first point still warms up once.
    const std::string json = tempPath("sweep-default.json");
    const auto r = test::runCli(small("sweep", {"--workers", "1,2", "--out", json}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const Results results = readResultsJson(json);
    ASSERT_EQ(results.runs.size(), 3u);
    EXPECT_TRUE(results.runs[0].warmup);
}

TEST(RunWarmupCli, ASinglePointRunIsASweepOfOnePointWithAdvisedRunsAndNoSummary) {
    const std::string eventsPath = tempPath("single.jsonl");
    const auto r =
        test::runCli(small("run", {"--workers", "1", "--repeat", "2", "--warmup", "1", "--events", eventsPath}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto all = test::readEventsFile(eventsPath);
    const auto started = test::eventsOfKind<events::SweepStarted>(all);
    ASSERT_EQ(started.size(), 1u);
    EXPECT_EQ(started[0].runsTotal, 3);
    EXPECT_EQ(started[0].points, 1);
    const auto runs = test::eventsOfKind<events::RunStarted>(all);
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_TRUE(runs[0].warmup);
    EXPECT_EQ(runs[0].label, "");
    const auto dones = test::eventsOfKind<events::RunDone>(all);
    ASSERT_EQ(dones.size(), 3u);
    for (const auto& d : dones) EXPECT_FALSE(d.findings.empty()) << "run " << d.run << " has no advice";
    const auto done = test::eventsOfKind<events::SweepDone>(all);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].status, events::RunStatus::Ok);
    EXPECT_EQ(done[0].runsDone, 3);
    EXPECT_TRUE(done[0].summary.is_null()) << done[0].summary.dump();
}

TEST(RunWarmupCli, AFailingSinglePointRunStopsAtItsFirstFailureWithFailFast) {
    const std::string eventsPath = tempPath("failing.jsonl");
    const auto r = test::runCli(
        small("run", {"--workers", "1", "--repeat", "2", "--fault", "exit", "--fail-fast", "--events", eventsPath}));
    EXPECT_EQ(r.exitStatus, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("oversub-cli: run 0: worker 0"));
    const auto all = test::readEventsFile(eventsPath);
    const auto done = test::eventsOfKind<events::SweepDone>(all);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].status, events::RunStatus::Failed);
    EXPECT_EQ(done[0].runsDone, 1);
    EXPECT_EQ(done[0].runsFailed, 1);
}

TEST(RunWarmupCli, AFailingSinglePointRunRunsEveryRepetitionByDefault) {
    const std::string eventsPath = tempPath("failing-all.jsonl");
    const auto r =
        test::runCli(small("run", {"--workers", "1", "--repeat", "2", "--fault", "exit", "--events", eventsPath}));
    EXPECT_EQ(r.exitStatus, 3) << r.err;
    const auto done = test::eventsOfKind<events::SweepDone>(test::readEventsFile(eventsPath));
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].runsDone, 2);
    EXPECT_EQ(done[0].runsFailed, 2);
}
