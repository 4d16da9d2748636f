// From what the conductor measured to what it emits (conductor/event_mapping.h),
// without running anything: a WorkerReport becomes its run_done line field
// by field in one place (workerStatsOf, which runDoneOf uses), and the end
// of every run (finishRun) completes run_done before anything is emitted,
// then emits error before run_done, exactly as the outcome holds them.

#include "conductor/event_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

using namespace oversub;
using namespace oversub::conductor;

namespace {

// Every field a different value, so a field copied into the wrong one shows.
WorkerReport distinctWorker() {
    WorkerReport w;
    w.worker = 3;
    w.pid = 4242;
    w.requested = CpuSet::fromVector({0, 1});
    w.cpuset = CpuSet::fromVector({1});
    w.tasks = 7;
    w.cpuS = 1.5;
    w.involuntaryCtxSwitches = 11;
    w.voluntaryCtxSwitches = 13;
    w.runqWaitS = 0.25;
    w.spawnS = 0.01;
    w.deliveryS = 0.02;
    w.computeS = 0.75;
    w.collectS = 0.03;
    w.waitS = 0.04;
    return w;
}

struct Recording : EventSink {
    std::vector<events::Event> events;
    void emit(const events::Event& event) override { events.push_back(event); }
};

} // namespace

TEST(ConductorMapping, AWorkerReportBecomesItsRunDoneLineFieldByField) {
    const events::WorkerStats s = workerStatsOf(distinctWorker());
    EXPECT_EQ(s.worker, 3);
    EXPECT_EQ(s.pid, 4242);
    EXPECT_EQ(s.cpuset, "1"); // what the kernel reported, not what was asked
    EXPECT_EQ(s.tasks, 7);
    EXPECT_EQ(s.cpuSeconds, 1.5);
    EXPECT_EQ(s.involuntaryCtxSwitches, 11u);
    EXPECT_EQ(s.voluntaryCtxSwitches, 13u);
    EXPECT_EQ(s.runqWaitSeconds, 0.25);
    EXPECT_EQ(s.spawnSeconds, 0.01);
    EXPECT_EQ(s.deliverySeconds, 0.02);
    EXPECT_EQ(s.computeSeconds, 0.75);
    EXPECT_EQ(s.collectSeconds, 0.03);
    EXPECT_EQ(s.waitSeconds, 0.04);

    WorkerReport unread = distinctWorker();
    unread.cpuset = {}; // it never said: the requested cpuset stands in
    EXPECT_EQ(workerStatsOf(unread).cpuset, "0-1");
}

TEST(ConductorMapping, RunDoneListsEveryWorkerThroughTheSameMapping) {
    RunReport report;
    report.workers = {distinctWorker(), distinctWorker()};
    report.workers[1].worker = 4;
    const events::RunDone done = runDoneOf(report, 2);
    ASSERT_EQ(done.workers.size(), 2u);
    EXPECT_EQ(done.workers[0], workerStatsOf(report.workers[0]));
    EXPECT_EQ(done.workers[1], workerStatsOf(report.workers[1]));
}

TEST(ConductorMapping, FinishRunCompletesRunDoneThenEmitsErrorBeforeRunDone) {
    RunReport report;
    report.failure.kind = FailureKind::Timeout;
    report.failure.message = "run timed out";
    Recording sink;
    const RunOutcome outcome = finishRun(report, 5, sink, [](events::RunDone& done) { done.fitsIn = "L2"; });

    EXPECT_EQ(outcome.status, RunStatus::Timeout);
    EXPECT_EQ(outcome.exitCode, ExitCode::TimedOut);
    EXPECT_EQ(outcome.done.fitsIn, "L2");
    ASSERT_TRUE(outcome.error.has_value());
    EXPECT_EQ(outcome.error->message, "run timed out");
    ASSERT_EQ(sink.events.size(), 2u);
    EXPECT_EQ(std::get<events::Error>(sink.events[0]), *outcome.error);
    EXPECT_EQ(std::get<events::RunDone>(sink.events[1]).fitsIn, "L2");
    EXPECT_EQ(std::get<events::RunDone>(sink.events[1]).run, 5);

    Recording okSink;
    const RunOutcome ok = finishRun(RunReport{}, 0, okSink, nullptr);
    EXPECT_EQ(ok.status, RunStatus::Ok);
    EXPECT_FALSE(ok.error.has_value());
    ASSERT_EQ(okSink.events.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<events::RunDone>(okSink.events[0]));
}
