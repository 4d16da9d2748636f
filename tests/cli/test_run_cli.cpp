// `oversub-cli run` end to end: exit statuses, what it writes (an event
// stream core's parser reads, a CSV that reads back to the JSON's numbers),
// what it refuses, and that nothing of a run survives it: not after a
// normal run, a cancel, a timeout, a crashed worker, nor a SIGKILL of the
// conductor itself (the workers die with it through PR_SET_PDEATHSIG).

#include "events/event.h"
#include "events/event_reader.h"
#include "export/csv_reader.h"
#include "export/results.h"

#include "cli_process.h"
#include "proc_checks.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using namespace oversub;
using test::spawnCli;
using test::waitExit;
using test::waitForWorkers;
using testing::HasSubstr;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-run-");
    return dir.path() + "/" + name;
}

const std::vector<std::string> kSmall = {"--workload", "gemm", "--size",     "40",     "--tasks", "4",
                                         "--workers",  "2",    "--schedule", "static", "--quiet"};

std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> out{"run"};
    out.insert(out.end(), kSmall.begin(), kSmall.end());
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

// The conductor of a finished oversub-cli is gone, so a segment it left
// behind is an orphan (live segments of other runs on the machine are not).
void expectNoLeftovers(const std::vector<int>& pids) {
    EXPECT_TRUE(test::waitUntilAllGone(pids, 2000)) << "worker processes outlived the run";
    EXPECT_THAT(test::orphanedShmEntries(), testing::IsEmpty());
}

} // namespace

TEST(RunCli, AReaderThatClosesMidRunStopsTheRunAndItsWorkersCleanly) {
    // What a dropped ssh connection or `| head` does to the engine's stdout.
    test::SpawnedCli engine = test::spawnCliOnPipe({"run", "--workload", "gemm", "--size", "300", "--tasks", "4000",
                                                    "--workers", "2", "--events", "-", "--quiet"});
    std::vector<int> pids;
    for (int line = 0; line < 1000 && pids.size() < 2; ++line) {
        const std::string text = test::readFirstLine(engine.outFd);
        if (text.empty()) break;
        if (text.find("\"worker_ready\"") != std::string::npos)
            pids.push_back(std::get<events::WorkerReady>(events::parseEventLine(text)).pid);
    }
    ASSERT_EQ(pids.size(), 2u);
    ::close(engine.outFd);
    EXPECT_EQ(test::waitForExit(engine.pid, 20), 7) << "exit 7 (its output is gone), not killed by SIGPIPE (141)";
    expectNoLeftovers(pids);
}

TEST(RunCli, NormalRunWritesParsableEventsAndLeavesNothing) {
    const std::string eventsPath = tempPath("normal.jsonl");
    const auto r = test::runCli(args({"--delivery", "shm", "--result", "full", "--events", eventsPath}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto all = test::readEventsFile(eventsPath); // throws if any line does not parse
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(events::eventName(all.front()), "hello");
    EXPECT_EQ(test::eventsOfKind<events::RunStarted>(all).size(), 1u);
    EXPECT_EQ(test::eventsOfKind<events::TaskDone>(all).size(), 4u);
    ASSERT_EQ(test::eventsOfKind<events::RunDone>(all).size(), 1u);
    EXPECT_EQ(test::eventsOfKind<events::RunDone>(all)[0].status, events::RunStatus::Ok);
    for (const auto& ready : test::eventsOfKind<events::WorkerReady>(all))
        EXPECT_EQ(ready.tids.size(), 1u) << "one BLAS thread asked for, no idle pool thread expected";
    expectNoLeftovers(test::workerPidsIn(all));
}

TEST(RunCli, WorkerReportsItsBlasPoolThreads) {
    // The engine starts with an empty pool (OPENBLAS_NUM_THREADS=1 re-exec);
    // a worker asked for 3 threads reports itself and the 2 it raised.
    const std::string eventsPath = tempPath("threads.jsonl");
    const auto r = test::runCli(args({"--threads", "3", "--events", eventsPath}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto ready = test::eventsOfKind<events::WorkerReady>(test::readEventsFile(eventsPath));
    ASSERT_EQ(ready.size(), 2u);
    for (const auto& w : ready) {
        EXPECT_EQ(w.tids.size(), 3u);
        EXPECT_THAT(w.tids, testing::Contains(w.pid)); // the main thread is one of them
    }
}

TEST(RunCli, CsvReadsBackToTheNumbersOfTheJson) {
    const std::string json = tempPath("results.json"), csvPath = tempPath("results.csv");
    const auto r = test::runCli(args({"--repeat", "2", "--warmup", "1", "--out", json, "--csv", csvPath}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const Results results = readResultsJson(json);
    const csv::Table table = csv::parseTable(test::readWholeFile(csvPath));
    ASSERT_EQ(results.runs.size(), 3u);
    ASSERT_EQ(table.rows.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        const auto& run = results.runs[i];
        EXPECT_EQ(std::stoi(table.at(i, "run")), run.run);
        EXPECT_EQ(table.at(i, "is_warmup"), run.warmup ? "true" : "false");
        EXPECT_EQ(table.at(i, "status"), "ok");
        EXPECT_DOUBLE_EQ(std::stod(table.at(i, "wall_s")), run.done.wallSeconds);
        EXPECT_DOUBLE_EQ(std::stod(table.at(i, "compute_s")), run.done.phases.computeSeconds);
        EXPECT_DOUBLE_EQ(std::stod(table.at(i, "gflops")), run.done.gflops);
        EXPECT_DOUBLE_EQ(std::stod(table.at(i, "checksum")), run.done.checksum);
    }
    EXPECT_TRUE(results.runs[0].warmup);
}

TEST(RunCli, BadKnobIsOneLineNamingTheFieldAndStartsNothing) {
    const std::string eventsPath = tempPath("bad.jsonl");
    const auto r = test::runCli({"run", "--workers", "0", "--events", eventsPath});
    EXPECT_EQ(r.exitStatus, 2);
    EXPECT_THAT(r.err, HasSubstr("workers"));
    EXPECT_THAT(r.err, HasSubstr("1-4096"));
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    EXPECT_FALSE(std::filesystem::exists(eventsPath));
}

TEST(RunCli, RunThatDoesNotFitInMemoryIsRefusedWithTheNumbers) {
    const auto r = test::runCli({"run", "--size", "30000", "--tasks", "200", "--delivery", "pipe"});
    EXPECT_EQ(r.exitStatus, 6);
    EXPECT_THAT(r.err, HasSubstr("memory"));
    EXPECT_THAT(r.err, HasSubstr("GiB"));
}

TEST(RunCli, CrashedWorkerIsNamedAndHasItsExitStatus) {
    const std::string eventsPath = tempPath("crash.jsonl");
    const auto r = test::runCli(args({"--fault", "segv@worker=1", "--delivery", "shm", "--events", eventsPath}));
    EXPECT_EQ(r.exitStatus, 3);
    EXPECT_THAT(r.err, testing::ContainsRegex("worker 1 \\(pid [0-9]+\\) killed by SIGSEGV during task 2"));
    const auto all = test::readEventsFile(eventsPath);
    ASSERT_EQ(test::eventsOfKind<events::Error>(all).size(), 1u);
    EXPECT_EQ(test::eventsOfKind<events::Error>(all)[0].signal, "SIGSEGV");
    expectNoLeftovers(test::workerPidsIn(all));
}

TEST(RunCli, WorkerSigkillFailsTheRunAndLeavesNothing) {
    const std::string eventsPath = tempPath("kill.jsonl");
    const auto r =
        test::runCli(args({"--fault", "kill@worker=0,task=1", "--delivery", "pipe", "--events", eventsPath}));
    EXPECT_EQ(r.exitStatus, 3);
    EXPECT_THAT(r.err, HasSubstr("killed by SIGKILL during task 1"));
    expectNoLeftovers(test::workerPidsIn(test::readEventsFile(eventsPath)));
}

TEST(RunCli, TimeoutEndsTheRunWithItsExitStatus) {
    const std::string eventsPath = tempPath("timeout.jsonl");
    const auto r =
        test::runCli(args({"--fault", "hang", "--timeout", "0.5", "--delivery", "shm", "--events", eventsPath}));
    EXPECT_EQ(r.exitStatus, 4);
    EXPECT_THAT(r.err, HasSubstr("timed out"));
    expectNoLeftovers(test::workerPidsIn(test::readEventsFile(eventsPath)));
}

TEST(RunCli, SigintCancelsCleanlyAndWritesWholeFiles) {
    const std::string eventsPath = tempPath("cancel.jsonl"), out = tempPath("cancel.json");
    const pid_t cli = spawnCli(args({"--fault", "hang", "--delivery", "shm", "--events", eventsPath, "--out", out}));
    const auto pids = waitForWorkers(eventsPath, 2);
    ASSERT_EQ(pids.size(), 2u);
    ::kill(cli, SIGINT);
    EXPECT_EQ(waitExit(cli), 5);
    expectNoLeftovers(pids);
    const Results results = readResultsJson(out); // whole, and says what happened
    ASSERT_EQ(results.runs.size(), 1u);
    EXPECT_EQ(results.runs[0].done.status, events::RunStatus::Cancelled);
}

TEST(RunCli, WorkersDieWithASigkilledConductor) {
    const std::string eventsPath = tempPath("orphan.jsonl");
    const pid_t cli = spawnCli(args({"--fault", "hang", "--delivery", "shm", "--events", eventsPath}));
    const auto pids = waitForWorkers(eventsPath, 2);
    ASSERT_EQ(pids.size(), 2u);
    EXPECT_EQ(test::alivePids(pids).size(), 2u);
    ::kill(cli, SIGKILL);
    EXPECT_EQ(waitExit(cli), 128 + SIGKILL);
    EXPECT_TRUE(test::waitUntilAllGone(pids, 2000)) << "workers outlived their conductor";
    // Every worker had mapped the segments before it reported ready, so they
    // were already unlinked.
    EXPECT_THAT(test::shmEntries("oversub-" + std::to_string(cli) + "-"), testing::IsEmpty());
}

TEST(RunCli, ListsRunAsASweepWithOnePointPerValue) {
    const std::string json = tempPath("lists.json");
    const auto r = test::runCli(args({"--workers", "1,2", "--out", json}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const Results results = readResultsJson(json);
    // The first point runs once more first, as the sweep's warm-up.
    ASSERT_EQ(results.runs.size(), 3u);
    EXPECT_TRUE(results.runs[0].warmup);
    EXPECT_EQ(results.runs[0].label, "workers=1");
    EXPECT_EQ(results.runs[1].label, "workers=1");
    EXPECT_FALSE(results.runs[1].warmup);
    EXPECT_EQ(results.runs[2].label, "workers=2");
    ASSERT_TRUE(results.summary.contains("points")) << results.summary.dump();
    EXPECT_EQ(results.summary["points"].size(), 2u);
}

TEST(RunCli, QuietSweepPrintsNoTableButWritesItsResults) {
    const std::string json = tempPath("quiet-lists.json");
    const auto r = test::runCli(args({"--workers", "1,2", "--out", json})); // kSmall has --quiet
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(readResultsJson(json).runs.size(), 3u); // a warm-up and two measured runs
    // Without --quiet the same sweep prints its table.
    const auto loud = test::runCli({"run", "--workload", "gemm", "--size", "40", "--tasks", "4", "--workers", "1,2"});
    ASSERT_EQ(loud.exitStatus, 0) << loud.err;
    EXPECT_THAT(loud.out, HasSubstr("workers=2"));
}

TEST(RunCli, PresetWithASweepRunsItAndEndsWithItsVerdictsAndLesson) {
    // Made small so the test checks the plumbing, not the machine's speed.
    const std::string json = tempPath("preset.json");
    const auto r = test::runCli({"run", "--preset", "inherited-affinity", "--size", "60", "--tasks", "4", "--repeat",
                                 "1", "--warmup", "0", "--out", json});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Predict:"));
    EXPECT_THAT(r.out, HasSubstr("What this machine showed:"));
    EXPECT_THAT(r.out, HasSubstr("Lesson:"));
    const Results results = readResultsJson(json);
    // --warmup 0 given: no warm-up at all, one run of affinity=single and one of affinity=scatter.
    ASSERT_EQ(results.runs.size(), 2u);
    EXPECT_FALSE(results.runs[0].warmup);
    ASSERT_TRUE(results.summary.contains("preset")) << results.summary.dump();
    EXPECT_EQ(results.summary["preset"]["name"], "inherited-affinity");
    EXPECT_FALSE(results.summary["preset"]["verdicts"].empty());
}
