// `--journal` and `oversub-cli recover` end to end: a finished sweep's journal
// recovers every run; a sweep SIGKILLed while its second run hangs recovers
// exactly the first run, in results JSON and CSV; bad paths are refused on one
// line naming the path.

#include "cli_process.h"
#include "run_cli.h"

#include "export/csv_reader.h"
#include "export/results.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using oversub::test::runCli;

class JournalCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("oversub-journal-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::vector<std::string> env() const { return {"XDG_CACHE_HOME=" + dir_.string()}; }

    // Two points, one worker: tasks=2 finishes; tasks=4 reaches task 3, where
    // the worker hangs when `hang` is set (there is no timeout).
    std::vector<std::string> sweep(bool hang) const {
        std::vector<std::string> a{"sweep",   "--workload", "scalar",       "--size", "64",
                                   "--tasks", "2,4",        "--workers",    "1",      "--delivery",
                                   "fork",    "--journal",  path("j.jsonl")};
        if (hang) a.insert(a.end(), {"--fault", "hang,task=3", "--events", path("e.jsonl")});
        return a;
    }

    fs::path dir_;
};

size_t linesContaining(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

bool processGone(int pid) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

} // namespace

TEST_F(JournalCli, AFinishedSweepRecoversEveryRun) {
    auto args = sweep(false);
    args.insert(args.end(), {"--out", path("live.json")});
    const auto r = runCli(args, "", env());
    ASSERT_EQ(r.exitStatus, 0) << r.err;

    const auto rec = runCli({"recover", path("j.jsonl"), "--out", path("r.json"), "--csv", path("r.csv")});
    ASSERT_EQ(rec.exitStatus, 0) << rec.err;
    // Two points and the first one's warm-up.
    EXPECT_NE(rec.out.find("recovered 3 completed runs of 3 planned"), std::string::npos) << rec.out;
    const auto recovered = oversub::readResultsJson(path("r.json"));
    const auto live = oversub::readResultsJson(path("live.json"));
    ASSERT_EQ(recovered.runs.size(), 3u);
    EXPECT_EQ(recovered.runs, live.runs);
    EXPECT_EQ(recovered.experiment, live.experiment);
    EXPECT_EQ(oversub::csv::parse(oversub::test::readWholeFile(path("r.csv"))).size(), 4u); // header + 3 runs
}

TEST_F(JournalCli, ASweepKilledMidRunRecoversExactlyTheCompletedRuns) {
    const pid_t cli = oversub::test::spawnCli(sweep(true));
    // The third run's worker (tasks=4, after the first point's warm-up and
    // measured run) is ready once those two are done and journaled.
    const auto workers = oversub::test::waitForWorkers(path("e.jsonl"), 3);
    ASSERT_EQ(workers.size(), 3u) << "the sweep did not reach its third run";
    const std::string journalBeforeKill = oversub::test::readWholeFile(path("j.jsonl"));
    ASSERT_EQ(linesContaining(journalBeforeKill, "\"run_done\""), 2u) << journalBeforeKill;
    ::kill(cli, SIGKILL);
    EXPECT_EQ(oversub::test::waitExit(cli), 128 + SIGKILL);
    EXPECT_TRUE(processGone(workers[2])) << "hung worker " << workers[2] << " outlived its conductor";
    if (!processGone(workers[2])) ::kill(workers[2], SIGKILL);

    const auto rec = runCli({"recover", path("j.jsonl"), "--out", path("r.json")});
    ASSERT_EQ(rec.exitStatus, 0) << rec.err;
    EXPECT_NE(rec.out.find("recovered 2 completed runs of 3 planned"), std::string::npos) << rec.out;
    EXPECT_NE(rec.out.find("1 run was interrupted"), std::string::npos) << rec.out;
    const auto recovered = oversub::readResultsJson(path("r.json"));
    ASSERT_EQ(recovered.runs.size(), 2u);
    EXPECT_EQ(recovered.runs[1].run, 1);
    EXPECT_EQ(recovered.runs[1].label, "tasks=2");
    EXPECT_EQ(recovered.runs[1].experiment.tasks, 2);
    EXPECT_EQ(recovered.runs[1].done.status, oversub::events::RunStatus::Ok);
}

TEST_F(JournalCli, ATornLastLineIsIgnoredByRecover) {
    ASSERT_EQ(runCli(sweep(false), "", env()).exitStatus, 0);
    {
        std::ofstream out(path("j.jsonl"), std::ios::app | std::ios::binary);
        out << "{\"event\":\"run_started\",\"run\":3,\"poi";
    }
    const auto rec = runCli({"recover", path("j.jsonl"), "--out", path("r.json")});
    ASSERT_EQ(rec.exitStatus, 0) << rec.err;
    EXPECT_NE(rec.out.find("cut off"), std::string::npos) << rec.out;
    EXPECT_EQ(oversub::readResultsJson(path("r.json")).runs.size(), 3u);
}

TEST_F(JournalCli, BadPathsAreRefusedOnOneLineNamingThePath) {
    const std::string missing = path("missing/j.jsonl");
    const auto rec = runCli({"recover", missing});
    EXPECT_EQ(rec.exitStatus, 2);
    EXPECT_NE(rec.err.find(missing), std::string::npos) << rec.err;
    EXPECT_EQ(linesContaining(rec.err, "\n"), 1u) << rec.err;

    auto args = sweep(false);
    args[args.size() - 1] = missing; // --journal into a directory that does not exist
    const auto run = runCli(args, "", env());
    EXPECT_EQ(run.exitStatus, 7);
    EXPECT_NE(run.err.find(missing), std::string::npos) << run.err;
    EXPECT_EQ(linesContaining(run.err, "\n"), 1u) << run.err;
    EXPECT_FALSE(fs::exists(missing));

    const auto runCmd = runCli({"run", "--workload", "scalar", "--size", "64", "--tasks", "1", "--journal", missing});
    EXPECT_EQ(runCmd.exitStatus, 7);
    EXPECT_NE(runCmd.err.find(missing), std::string::npos) << runCmd.err;
}

TEST_F(JournalCli, RunWritesAJournalToo) {
    const auto r = runCli({"run", "--workload", "scalar", "--size", "64", "--tasks", "1", "--repeat", "2", "--delivery",
                           "fork", "--quiet", "--journal", path("run.jsonl")});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto rec = runCli({"recover", path("run.jsonl"), "--out", path("r.json")});
    ASSERT_EQ(rec.exitStatus, 0) << rec.err;
    EXPECT_EQ(oversub::readResultsJson(path("r.json")).runs.size(), 2u);
}
