// A process of an external command's tree held in a job-control stop
// (SIGSTOP) ends the run as a stopped worker, named by pid and name, instead
// of hanging it until the timeout; the tree is killed. The grace rule itself
// (stopped on every scan for kStopGraceSeconds; 't', a tracing stop, never
// counts) is checked on made-up scans, without timing.

#include "events/event.h"
#include "external/stopped_process_watch.h"
#include "runner/conductor.h"

#include "proc_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace oversub;
using namespace oversub::conductor;
using external::kStopGraceSeconds;
using external::ProcessRow;
using external::StoppedProcessWatch;
using testing::HasSubstr;

namespace {

struct ReadyPids final : EventSink {
    std::vector<int> pids;
    void emit(const events::Event& e) override {
        if (const auto* ready = std::get_if<events::WorkerReady>(&e)) pids.push_back(ready->pid);
    }
};

RunOutcome runCommand(const std::string& command, ReadyPids& sink, double rateHz) {
    static const Topology topology = Topology::load();
    RunRequest request;
    request.experiment.command = command;
    request.experiment.workers = 1;
    request.experiment.affinity = AffinityPolicy::Inherit;
    request.experiment.timeoutSeconds = 20; // far beyond the grace: reaching it means the stop went unseen
    request.experiment.rateHz = rateHz;
    return runExperiment(request, topology, sink);
}

// What every stopped run must show: a stopped worker naming `pid (name)`,
// the tree killed, nothing of it left.
void expectStoppedAndGone(const RunOutcome& outcome, const ReadyPids& sink, int pid, const std::string& name) {
    EXPECT_EQ(outcome.status, events::RunStatus::Failed);
    EXPECT_EQ(outcome.exitCode, ExitCode::WorkerCrashed);
    EXPECT_EQ(outcome.report.failure.kind, FailureKind::WorkerStopped);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::WorkerCrashed);
    EXPECT_EQ(outcome.error->pid, pid);
    EXPECT_THAT(outcome.error->message, HasSubstr("process " + std::to_string(pid) + " (" + name + ")"));
    EXPECT_THAT(outcome.error->message, HasSubstr("stopped by a signal (state T)"));
    ASSERT_TRUE(outcome.done.command);
    EXPECT_EQ(outcome.done.command->signal, "SIGKILL");
    EXPECT_THAT(test::alivePids(sink.pids), testing::IsEmpty());
    EXPECT_THAT(test::processesInGroup(sink.pids.front()), testing::IsEmpty());
    // The stop comes within milliseconds of the start, so the compute time is
    // about the detection latency; printed, not asserted (a loaded machine).
    std::printf("stop detected %.3f s after the command started\n", outcome.report.computeS);
}

TEST(ExternalStopped, StoppedGrandchildEndsTheRunNamedAndKilled) {
    ReadyPids sink;
    // The shell waits until its child is `sleep` (not the forked shell
    // before exec) so the stopped process has a known name.
    const RunOutcome outcome =
        runCommand("sh -c 'sleep 30 & until grep -qx sleep /proc/$!/comm; do :; done; kill -STOP $!; wait'", sink, 20);
    ASSERT_GE(sink.pids.size(), 2u);
    ASSERT_TRUE(outcome.error);
    EXPECT_NE(outcome.error->pid, sink.pids.front()) << "the shell itself was reported";
    EXPECT_THAT(sink.pids, testing::Contains(outcome.error->pid));
    expectStoppedAndGone(outcome, sink, outcome.error->pid, "sleep");
}

TEST(ExternalStopped, StoppedCommandItselfIsCaughtAtTheLowestRate) {
    ReadyPids sink;
    // At 1 sample a second the tree is still scanned at 5 Hz.
    const RunOutcome outcome = runCommand("sh -c 'kill -STOP $$'", sink, 1);
    ASSERT_FALSE(sink.pids.empty());
    expectStoppedAndGone(outcome, sink, sink.pids.front(), "sh");
    ASSERT_TRUE(outcome.error.has_value()); // the helper's ASSERT ends only the helper
    EXPECT_THAT(outcome.error->message, HasSubstr("itself"));
}

std::vector<ProcessRow> scan(std::initializer_list<std::pair<int, char>> states) {
    std::vector<ProcessRow> rows;
    for (const auto& [pid, state] : states) rows.push_back({pid, 1, state});
    return rows;
}

TEST(ExternalStopped, AProcessCountsAsStoppedOnlyAfterTheGrace) {
    StoppedProcessWatch watch;
    EXPECT_FALSE(watch.update(scan({{10, 'S'}, {11, 'T'}}), 100.0));
    EXPECT_FALSE(watch.update(scan({{10, 'S'}, {11, 'T'}}), 100.0 + kStopGraceSeconds / 2));
    const auto stopped = watch.update(scan({{10, 'S'}, {11, 'T'}}), 100.0 + kStopGraceSeconds);
    ASSERT_TRUE(stopped);
    EXPECT_EQ(stopped->pid, 11);
    EXPECT_EQ(stopped->sinceS, 100.0);
}

TEST(ExternalStopped, AContinuedProcessStartsItsGraceOver) {
    // A shell's SIGTSTP and SIGCONT between scans: stopped, running, stopped again.
    StoppedProcessWatch watch;
    EXPECT_FALSE(watch.update(scan({{11, 'T'}}), 0.0));
    EXPECT_FALSE(watch.update(scan({{11, 'R'}}), 0.3));
    EXPECT_FALSE(watch.update(scan({{11, 'T'}}), 0.4));
    EXPECT_FALSE(watch.update(scan({{11, 'T'}}), 0.4 + kStopGraceSeconds / 2));
    const auto stopped = watch.update(scan({{11, 'T'}}), 0.4 + kStopGraceSeconds);
    ASSERT_TRUE(stopped);
    EXPECT_EQ(stopped->sinceS, 0.4);
}

TEST(ExternalStopped, TracingStopAndGoneProcessesAreNotStopped) {
    StoppedProcessWatch watch;
    EXPECT_FALSE(watch.update(scan({{11, 't'}, {12, 'T'}}), 0.0));
    // 12 left the tree (killed, reaped): forgotten, and 't' never counts.
    EXPECT_FALSE(watch.update(scan({{11, 't'}}), 10.0));
    EXPECT_FALSE(watch.update(scan({{11, 't'}, {12, 'T'}}), 10.0 + kStopGraceSeconds / 2));
}

TEST(ExternalStopped, TheProcessStoppedLongestIsTheOneNamed) {
    StoppedProcessWatch watch;
    EXPECT_FALSE(watch.update(scan({{12, 'T'}}), 0.0));
    EXPECT_FALSE(watch.update(scan({{11, 'T'}, {12, 'T'}}), 0.2));
    const auto stopped = watch.update(scan({{11, 'T'}, {12, 'T'}}), 0.2 + kStopGraceSeconds);
    ASSERT_TRUE(stopped);
    EXPECT_EQ(stopped->pid, 12);
}

} // namespace
