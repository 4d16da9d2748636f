// A cancel reaches the conductor in the long steps before the workers run:
// SIGTERM while it fills gigabytes of shm inputs stops the filling (no worker
// is ever forked), SIGTERM while it forks 2,048 workers stops the forking
// (fewer workers than asked ever existed). Both end with exit status 5 and a
// cancelled run_done, and leave no process of the run behind. (How fast is a
// benchmark's question: bench/scale/cancel_latency.sh, bench/RESULTS.md.)

#include "sampler/process_tree.h"

#include "cli_process.h"
#include "proc_checks.h"
#include "process_temp_dir.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

using namespace oversub;

namespace {

const test::ProcessTempDir& scratch() {
    static const test::ProcessTempDir dir("oversub-test-cancel-");
    return dir;
}

// Polls until `ready` holds or 60 s pass (a loaded CI box forks slowly).
template <typename Ready>
bool waitUntil(Ready ready) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        if (ready()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

struct CancelledRun {
    int exitStatus = -1;
    std::vector<events::Event> events;
    std::vector<int> descendantsAtSignal;
};

// Starts `args`, waits for `ready(pid)`, sends SIGTERM, waits for the exit.
template <typename Ready>
CancelledRun cancelWhen(std::vector<std::string> args, const std::string& eventsPath, Ready ready) {
    args.insert(args.end(), {"--quiet", "--events", eventsPath});
    const pid_t pid = test::spawnCli(args);
    CancelledRun run;
    const bool reached = waitUntil([&] { return ready(pid); });
    run.descendantsAtSignal = sampler::descendantsOf(pid);
    ::kill(pid, SIGTERM);
    run.exitStatus = test::waitExit(pid);
    EXPECT_TRUE(reached) << "the moment to cancel never came";
    run.events = test::readEventsFile(eventsPath);
    return run;
}

bool fileHas(const std::string& path, const std::string& text) {
    return test::readWholeFile(path).find(text) != std::string::npos;
}

void expectCancelledAndClean(const CancelledRun& run) {
    EXPECT_EQ(run.exitStatus, 5);
    const auto done = test::eventsOfKind<events::RunDone>(run.events);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].status, events::RunStatus::Cancelled);
    const auto errors = test::eventsOfKind<events::Error>(run.events);
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors.back().message.find("cancelled by SIGTERM"), std::string::npos) << errors.back().message;
    EXPECT_TRUE(test::waitUntilAllGone(run.descendantsAtSignal, 5000))
        << test::alivePids(run.descendantsAtSignal).size() << " processes of the run outlived it";
}

} // namespace

TEST(CancelAtScale, SigtermWhilePreparingShmInputsStopsBeforeAnyFork) {
    // 64 GEMM inputs of 16 MB: about 1 GiB to fill, a second or more.
    const std::string events = scratch().path() + "/prepare.jsonl";
    const CancelledRun run = cancelWhen(
        {"run", "--workload", "gemm", "--size", "1000", "--tasks", "64", "--workers", "2", "--delivery", "shm"}, events,
        [&](pid_t) { return fileHas(events, "\"run_started\""); });
    expectCancelledAndClean(run);
    const auto done = test::eventsOfKind<events::RunDone>(run.events);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_TRUE(done[0].workers.empty()) << done[0].workers.size() << " workers were forked after the cancel";
    EXPECT_TRUE(run.descendantsAtSignal.empty());
}

TEST(CancelAtScale, SigtermWhileSpawning2048WorkersStopsForking) {
    const std::string events = scratch().path() + "/spawn.jsonl";
    const CancelledRun run = cancelWhen(
        {"run", "--workload", "gemm", "--size", "64", "--tasks", "4096", "--workers", "2048", "--delivery", "generate"},
        events, [](pid_t pid) { return sampler::descendantsOf(pid).size() >= 16; });
    expectCancelledAndClean(run);
    const auto done = test::eventsOfKind<events::RunDone>(run.events);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_LT(done[0].workers.size(), 2048u) << "every worker was forked although SIGTERM came early";
    EXPECT_GE(done[0].workers.size(), 16u);
}
