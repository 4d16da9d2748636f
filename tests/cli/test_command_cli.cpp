// `oversub-cli run --command` end to end: a program started under
// `taskset -c 0` is flagged affinity-narrowed (and not without taskset), a
// missing program is named with its exit status, an experiment file carrying
// a command needs --allow-command, the CSV carries the command's columns,
// and SIGTERM to the CLI during a command run leaves no process of the tree,
// nor does SIGKILL (the command guard).

#include "events/event.h"
#include "export/csv_reader.h"
#include "export/results.h"

#include "cli_process.h"
#include "proc_checks.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <signal.h>
#include <unistd.h>

using namespace oversub;
using testing::HasSubstr;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-command-");
    return dir.path() + "/" + name;
}

// Two children, each busy for 0.4 s; the shell waits for both and exits 0.
const std::string kTwoBusyChildren =
    "sh -c 'timeout 0.4 sh -c \"while :; do :; done\" & timeout 0.4 sh -c \"while :; do :; done\" & wait'";

std::vector<std::string> findingIds(const events::RunDone& done) {
    std::vector<std::string> ids;
    for (const auto& f : done.findings) ids.push_back(f.id);
    return ids;
}

events::RunDone onlyRunDone(const std::string& eventsPath) {
    const auto done = test::eventsOfKind<events::RunDone>(test::readEventsFile(eventsPath));
    if (done.size() != 1) throw std::runtime_error("expected one run_done");
    return done.front();
}

TEST(CommandCli, TasksetNarrowedProgramIsFlaggedWithItsPids) {
    const std::string eventsPath = tempPath("narrowed.jsonl");
    const auto r = test::runProgram("/usr/bin/taskset",
                                    {"-c", "0", OVERSUB_CLI_PATH, "run", "--command", kTwoBusyChildren, "--workers",
                                     "2", "--affinity", "inherit", "--quiet", "--events", eventsPath});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const events::RunDone done = onlyRunDone(eventsPath);
    EXPECT_THAT(findingIds(done), testing::Contains("affinity-narrowed"));
    const auto narrowed = std::find_if(done.findings.begin(), done.findings.end(),
                                       [](const auto& f) { return f.id == "affinity-narrowed"; });
    ASSERT_NE(narrowed, done.findings.end());
    // The finding lists the processes that did the work (the two busy
    // loops, not the launching shell), each allowed only PU 0.
    std::vector<int> findingPids;
    for (const auto& w : narrowed->evidence.at("workers")) {
        findingPids.push_back(w.at("pid").get<int>());
        EXPECT_EQ(w.at("cpuset").get<std::string>(), "0");
    }
    ASSERT_GE(done.workers.size(), 3u); // the shell and its two busy children, at least
    EXPECT_EQ(findingPids.size(), 2u);
    EXPECT_THAT(findingPids, testing::Not(testing::Contains(done.workers.front().pid)));
    for (int pid : findingPids) {
        const auto w = std::find_if(done.workers.begin(), done.workers.end(),
                                    [pid](const events::WorkerStats& s) { return s.pid == pid; });
        ASSERT_NE(w, done.workers.end()) << "pid " << pid << " is not a process of the run";
        EXPECT_GE(w->cpuSeconds, 0.1 * done.wallSeconds) << "pid " << pid << " did not do the work";
    }
    EXPECT_FALSE(narrowed->evidence.at("fix").get<std::string>().empty());
}

TEST(CommandCli, SameProgramWithoutTasksetIsNotFlagged) {
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2) GTEST_FAIL() << "needs 2 PUs";
    const std::string eventsPath = tempPath("wide.jsonl");
    const auto r = test::runCli({"run", "--command", kTwoBusyChildren, "--workers", "2", "--affinity", "inherit",
                                 "--quiet", "--events", eventsPath});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_THAT(findingIds(onlyRunDone(eventsPath)), testing::Not(testing::Contains("affinity-narrowed")));
}

TEST(CommandCli, MissingProgramIsNamedWithItsExitStatus) {
    const auto r = test::runCli({"run", "--command", "oversub-no-such-program {workers}", "--quiet"});
    EXPECT_EQ(r.exitStatus, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("oversub-no-such-program 2"));
    EXPECT_THAT(r.err, HasSubstr("exit status 127"));
}

TEST(CommandCli, UnknownPlaceholderIsBadInput) {
    const auto r = test::runCli({"run", "--command", "python3 x.py {wrkers}", "--quiet"});
    EXPECT_EQ(r.exitStatus, 2);
    EXPECT_THAT(r.err, HasSubstr("{wrkers}"));
    EXPECT_THAT(r.err, HasSubstr("{workers}"));
}

TEST(CommandCli, ExperimentFileWithACommandNeedsConsent) {
    const std::string file = tempPath("with-command.json");
    std::ofstream(file) << R"({"schema": 1, "workers": 1, "command": "sh -c 'echo ran'"})";
    const auto refused = test::runCli({"run", "--experiment", file, "--quiet"});
    EXPECT_EQ(refused.exitStatus, 2);
    EXPECT_THAT(refused.err, HasSubstr("command"));
    EXPECT_THAT(refused.err, HasSubstr("echo ran"));
    EXPECT_THAT(refused.err, HasSubstr("--allow-command"));
    const auto sweepRefused = test::runCli({"sweep", "--experiment", file, "--workers", "1,2"});
    EXPECT_EQ(sweepRefused.exitStatus, 2);
    EXPECT_THAT(sweepRefused.err, HasSubstr("--allow-command"));

    const std::string eventsPath = tempPath("consented.jsonl");
    const auto allowed =
        test::runCli({"run", "--experiment", file, "--allow-command", "--quiet", "--events", eventsPath});
    ASSERT_EQ(allowed.exitStatus, 0) << allowed.err;
    const events::RunDone done = onlyRunDone(eventsPath);
    ASSERT_TRUE(done.command.has_value());
    EXPECT_EQ(done.command->outputTail, "ran\n");
}

TEST(CommandCli, ResultsCsvCarriesTheCommandColumns) {
    const std::string json = tempPath("cmd.json"), csvPath = tempPath("cmd.csv");
    const auto r = test::runCli({"run", "--command", "sh -c 'echo $MKL_NUM_THREADS'", "--threads", "2", "--workers",
                                 "1", "--quiet", "--out", json, "--csv", csvPath});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const Results results = readResultsJson(json);
    ASSERT_EQ(results.runs.size(), 1u);
    ASSERT_TRUE(results.runs[0].done.command);
    EXPECT_EQ(results.runs[0].done.command->outputTail, "2\n");
    const csv::Table table = csv::parseTable(test::readWholeFile(csvPath));
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.at(0, "command"), "sh -c 'echo $MKL_NUM_THREADS'");
    EXPECT_EQ(table.at(0, "command_exit_status"), "0");
    EXPECT_EQ(table.at(0, "command_signal"), "");
    EXPECT_DOUBLE_EQ(std::stod(table.at(0, "command_cpu_s")), results.runs[0].done.command->cpuSeconds);
    EXPECT_THAT(table.at(0, "command_thread_env"), HasSubstr("MKL_NUM_THREADS=2;NUMEXPR_NUM_THREADS=2"));
}

// ps, top and htop show the engine as oversub-cli, not as "exe" (the name
// of /proc/self/exe, which the engine's re-exec used to run).
TEST(CommandCli, TheEngineKeepsItsNameAfterItsReexec) {
    const std::string json = tempPath("comm.json");
    const auto r =
        test::runCli({"run", "--command", "sh -c 'cat /proc/$PPID/comm'", "--workers", "1", "--quiet", "--out", json});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const Results results = readResultsJson(json);
    ASSERT_EQ(results.runs.size(), 1u);
    ASSERT_TRUE(results.runs[0].done.command);
    EXPECT_EQ(results.runs[0].done.command->outputTail, "oversub-cli\n");
}

TEST(CommandCli, SweepSubstitutesEachPointAndStopsAtAFailingOneOnlyWithFailFast) {
    // Point workers=1 passes, workers=2 exits 1, workers=3 would pass.
    const std::vector<std::string> sweep = {
        "sweep",     "--command", "sh -c 'echo w={workers} t=$OMP_NUM_THREADS; test {workers} -ne 2'",
        "--workers", "1,2,3",     "--threads",
        "2"};
    const std::string stopped = tempPath("sweep-stop.jsonl"), kept = tempPath("sweep-keep.jsonl");
    auto args = sweep;
    args.insert(args.end(), {"--fail-fast", "--events", stopped});
    EXPECT_EQ(test::runCli(args).exitStatus, 3);
    // The first point runs once more as the sweep's warm-up (docs/analysis.md, "Cold starts").
    const auto stoppedDone = test::eventsOfKind<events::RunDone>(test::readEventsFile(stopped));
    ASSERT_EQ(stoppedDone.size(), 3u);
    for (const auto& done : stoppedDone) ASSERT_TRUE(done.command.has_value()) << "run " << done.run;
    EXPECT_EQ(stoppedDone[0].command->outputTail, "w=1 t=2\n");
    EXPECT_EQ(stoppedDone[1].command->outputTail, "w=1 t=2\n");
    EXPECT_EQ(stoppedDone[2].command->exitStatus, 1);
    const auto errors = test::eventsOfKind<events::Error>(test::readEventsFile(stopped));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].kind, events::ErrorKind::CommandFailed);
    EXPECT_THAT(errors[0].message, HasSubstr("test 2 -ne 2"));

    args = sweep; // going on past a failed point is the default
    args.insert(args.end(), {"--events", kept});
    EXPECT_EQ(test::runCli(args).exitStatus, 3) << "the first failure's status, although the sweep went on";
    const auto keptDone = test::eventsOfKind<events::RunDone>(test::readEventsFile(kept));
    ASSERT_EQ(keptDone.size(), 4u);
    ASSERT_TRUE(keptDone[3].command.has_value());
    EXPECT_EQ(keptDone[3].command->outputTail, "w=3 t=2\n");
    EXPECT_EQ(keptDone[3].status, events::RunStatus::Ok);
}

TEST(CommandCli, SigtermDuringACommandRunLeavesNoProcessOfTheTree) {
    const std::string eventsPath = tempPath("sigterm.jsonl");
    std::filesystem::remove(eventsPath);
    const pid_t cli =
        test::spawnCli({"run", "--command", "sh -c 'for i in 1 2 3; do (while :; do :; done) & done; wait'", "--quiet",
                        "--rate", "20", "--events", eventsPath});
    const std::vector<int> pids = test::waitForWorkers(eventsPath, 4);
    ASSERT_EQ(pids.size(), 4u);
    ::kill(cli, SIGTERM);
    EXPECT_EQ(test::waitExit(cli), 5); // cancelled
    EXPECT_TRUE(test::waitUntilAllGone(pids, 2000));
    EXPECT_THAT(test::processesInGroup(pids.front()), testing::IsEmpty());
    const auto errors = test::eventsOfKind<events::Error>(test::readEventsFile(eventsPath));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].kind, events::ErrorKind::Cancelled);
}

TEST(CommandCli, SigkilledConductorTakesTheCommandsChildrenAlong) {
    // Only the command has PR_SET_PDEATHSIG; its two busy children are
    // stopped by the command guard when the conductor dies without a word.
    const std::string eventsPath = tempPath("sigkill.jsonl");
    std::filesystem::remove(eventsPath);
    const pid_t cli = test::spawnCli({"run", "--command", "sh -c 'for i in 1 2; do (while :; do :; done) & done; wait'",
                                      "--quiet", "--rate", "20", "--events", eventsPath});
    const std::vector<int> pids = test::waitForWorkers(eventsPath, 3);
    ASSERT_EQ(pids.size(), 3u);
    EXPECT_EQ(test::alivePids(pids).size(), 3u);
    ::kill(cli, SIGKILL);
    EXPECT_EQ(test::waitExit(cli), 128 + SIGKILL);
    EXPECT_TRUE(test::waitUntilAllGone(pids, 2000)) << "the command's children outlived their conductor";
    EXPECT_THAT(test::processesInGroup(pids.front()), testing::IsEmpty());
}

} // namespace
