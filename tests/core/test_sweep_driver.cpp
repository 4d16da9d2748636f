// The sweep driver (runner/sweep_driver.h) without the command line, on tiny
// GEMM runs: the events come in order with the right run and point indices,
// warm-ups are marked, run_done carries the advisor's findings, a point that
// fails its checks stops the sweep before anything is emitted, a failed run
// follows the failure policy (carry on by default, or stop without keepGoing), a cancel
// ends the sweep as cancelled, sweep_done carries the worst status of its
// runs, an explicit zero warm-up adds none, a single run (`oversub-cli run`)
// is a sweep of one point without the sweep's extras, and a memory-bound
// sweep takes the machine's bandwidth from the cache.

#include "runner/sweep_driver.h"

#include "analysis/advisor.h"
#include "analysis/bandwidth_cache.h"
#include "conductor/cancellation.h"
#include "events/event.h"
#include "experiment/sweep.h"
#include "machine/machine_record.h"
#include "runner/bandwidth_probe.h"
#include "util/input_error.h"

#include "process_temp_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <string>
#include <utility>
#include <vector>

#include <pthread.h>

using namespace oversub;
using namespace oversub::runner;
using testing::ElementsAre;

namespace {

const Topology& thisMachine() {
    static const Topology topology = Topology::load();
    return topology;
}

Experiment tiny() {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 32;
    e.iterations = 1;
    e.tasks = 2;
    e.workers = 1;
    e.threads = 1;
    e.schedule = Schedule::Static;
    e.delivery = Delivery::Fork;
    e.result = ResultReturn::Scalar;
    e.rateHz = 1; // the lowest: few samples
    e.repeat = 1;
    e.warmup = 0;
    return e;
}

// `base` swept over workers 1,2.
SweepPlan workers12(Experiment base) {
    base.sweep = parseSweep({{"workers", "1,2"}});
    SweepPlan plan;
    plan.points = expandPoints(base);
    plan.base = base;
    plan.bandwidthCachePath = ""; // never touch the user's cache
    return plan;
}

// The events that tell a sweep's order, one short line each (worker_ready,
// sample and task_done left out).
struct RecordingSink : conductor::EventSink {
    std::vector<events::Event> events;
    void emit(const events::Event& event) override { events.push_back(event); }

    std::vector<std::string> outline() const {
        std::vector<std::string> out;
        for (const auto& e : events) {
            if (const auto* s = std::get_if<events::SweepStarted>(&e))
                out.push_back("sweep_started " + std::to_string(s->runsTotal) + " runs " + std::to_string(s->points) +
                              " points");
            else if (const auto* r = std::get_if<events::RunStarted>(&e))
                out.push_back("run_started " + std::to_string(r->run) + " point " + std::to_string(r->point) +
                              (r->warmup ? " warm-up " : " rep ") + std::to_string(r->repetition));
            else if (const auto* er = std::get_if<events::Error>(&e)) out.push_back("error " + std::to_string(er->run));
            else if (const auto* d = std::get_if<events::RunDone>(&e))
                out.push_back("run_done " + std::to_string(d->run) + " " + std::string(toString(d->status)));
            else if (const auto* p = std::get_if<events::Progress>(&e))
                out.push_back("progress " + std::to_string(p->runsDone) + "/" + std::to_string(p->runsTotal));
            else if (const auto* sd = std::get_if<events::SweepDone>(&e))
                out.push_back("sweep_done " + std::string(toString(sd->status)) + " " + std::to_string(sd->runsDone) +
                              " done " + std::to_string(sd->runsFailed) + " failed");
        }
        return out;
    }
};

struct RecordingObserver : SweepObserver {
    std::vector<std::string> calls;
    std::vector<std::string> starting; // runStarting, apart: most tests leave it out
    void runStarting(const conductor::RunRequest& request, int runsTotal) override {
        starting.push_back(std::to_string(request.runIndex) + "/" + std::to_string(runsTotal));
    }
    void bandwidthProbeStarting(const std::string&) override { calls.push_back("probe"); }
    void pointStarting(const SweepPoint& point, int points) override {
        calls.push_back("point " + std::to_string(point.index) + "/" + std::to_string(points));
    }
    void runFailed(const conductor::RunRequest& request, const conductor::RunOutcome& outcome,
                   bool stopsSweep) override {
        calls.push_back("failed " + std::to_string(request.runIndex) + " " + std::string(toString(outcome.status)) +
                        (stopsSweep ? " stops" : " goes on"));
    }
    void runDone(const SweepRunProgress& p) override {
        calls.push_back("done " + std::to_string(p.request.runIndex) + " point " + std::to_string(p.point.index) +
                        (p.request.warmup ? " warm-up " : " rep ") + std::to_string(p.progress.runsDone) + "/" +
                        std::to_string(p.progress.runsTotal));
    }
    void runsOver() override { calls.push_back("over"); }
};

SweepOutcome runSweep(SweepPlan plan, RecordingSink& sink, RecordingObserver& observer) {
    SweepDriver driver(std::move(plan), thisMachine());
    analysis::RunContext context;
    context.conductorAllowed = thisMachine().info().allowed;
    return driver.run(context, nlohmann::json(), sink, observer);
}

} // namespace

TEST(SweepDriver, EventsComeInOrderWithRunAndPointIndicesAndTheFirstPointWarmsUp) {
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(workers12(tiny()), sink, observer);

    // No per-point warm-up: the first point runs once more first.
    EXPECT_THAT(sink.outline(), ElementsAre("sweep_started 3 runs 2 points", "run_started 0 point 0 warm-up 0",
                                            "run_done 0 ok", "progress 1/3", "run_started 1 point 0 rep 0",
                                            "run_done 1 ok", "progress 2/3", "run_started 2 point 1 rep 0",
                                            "run_done 2 ok", "progress 3/3", "sweep_done ok 3 done 0 failed"));
    EXPECT_THAT(observer.calls, ElementsAre("point 0/2", "done 0 point 0 warm-up 1/3", "done 1 point 0 rep 2/3",
                                            "point 1/2", "done 2 point 1 rep 3/3", "over"));
    // Every run's own events lie between its run_started and its run_done.
    int open = -1;
    for (const auto& e : sink.events) {
        if (const auto* r = std::get_if<events::RunStarted>(&e)) {
            open = r->run;
        } else if (const auto* t = std::get_if<events::TaskDone>(&e)) {
            EXPECT_EQ(t->run, open);
        } else if (const auto* d = std::get_if<events::RunDone>(&e)) {
            EXPECT_EQ(d->run, std::exchange(open, -1));
        }
    }

    EXPECT_EQ(outcome.exitCode, ExitCode::Ok);
    EXPECT_EQ(outcome.runsTotal, 3);
    EXPECT_EQ(outcome.done, std::get<events::SweepDone>(sink.events.back()));
    ASSERT_EQ(outcome.results.runs.size(), 3u);
    EXPECT_TRUE(outcome.results.runs[0].warmup);
    EXPECT_FALSE(outcome.results.runs[1].warmup);
    EXPECT_EQ(outcome.results.runs[2].experiment.workers, 2);
    EXPECT_EQ(outcome.results.runs[2].label, "workers=2");
    EXPECT_EQ(outcome.results.summary, outcome.done.summary);
    // The warm-up is left out of the statistics: one measured run a point.
    ASSERT_EQ(outcome.summary.points.size(), 2u);
    EXPECT_EQ(outcome.summary.points[0].runs, 1);
    EXPECT_EQ(outcome.summary.points[1].runs, 1);
    EXPECT_TRUE(outcome.verdicts.empty());
}

TEST(SweepDriver, PerPointWarmupsAreMarkedAndCountedApart) {
    Experiment base = tiny();
    base.warmup = 1;
    base.repeat = 2;
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(workers12(base), sink, observer);

    // Each point warms up once; the sweep adds no warm-up of its own.
    EXPECT_THAT(sink.outline(), ElementsAre("sweep_started 6 runs 2 points", "run_started 0 point 0 warm-up 0",
                                            "run_done 0 ok", "progress 1/6", "run_started 1 point 0 rep 0",
                                            "run_done 1 ok", "progress 2/6", "run_started 2 point 0 rep 1",
                                            "run_done 2 ok", "progress 3/6", "run_started 3 point 1 warm-up 0",
                                            "run_done 3 ok", "progress 4/6", "run_started 4 point 1 rep 0",
                                            "run_done 4 ok", "progress 5/6", "run_started 5 point 1 rep 1",
                                            "run_done 5 ok", "progress 6/6", "sweep_done ok 6 done 0 failed"));
    ASSERT_EQ(outcome.summary.points.size(), 2u);
    EXPECT_EQ(outcome.summary.points[0].runs, 2);
    EXPECT_EQ(outcome.summary.points[1].runs, 2);
}

TEST(SweepDriver, RunDoneCarriesTheAdvisorsFindingsAndTheSummaryCountsThem) {
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(workers12(tiny()), sink, observer);
    ASSERT_EQ(outcome.exitCode, ExitCode::Ok);

    analysis::RunContext context;
    context.conductorAllowed = thisMachine().info().allowed;
    const auto points = expandPoints(workers12(tiny()).base);
    for (const auto& e : sink.events) {
        const auto* done = std::get_if<events::RunDone>(&e);
        if (!done) continue;
        // Tiny runs are mostly start-up: the advisor always has something to say.
        EXPECT_FALSE(done->findings.empty()) << "run " << done->run;
        events::RunDone bare = *done;
        bare.findings.clear();
        const Experiment& point = points.at(done->run < 2 ? 0 : 1).experiment;
        EXPECT_EQ(done->findings, analysis::toEventFindings(analysis::adviseRun(
                                      analysis::evidenceFromRun(point, bare, thisMachine().info(), context))))
            << "run " << done->run;
    }
    for (const auto& point : outcome.summary.points) EXPECT_FALSE(point.findings.empty()) << point.label;
}

TEST(SweepDriver, APointThatFailsItsChecksStopsEverythingBeforeTheFirstRun) {
    SweepPlan plan = workers12(tiny());
    // The second point names a PU this machine does not have.
    plan.points[1].experiment.affinity = AffinityPolicy::Custom;
    plan.points[1].experiment.cpus = "0;999";
    RecordingSink sink;
    RecordingObserver observer;
    try {
        runSweep(std::move(plan), sink, observer);
        FAIL() << "a point naming PU 999 was accepted";
    } catch (const InputError& error) {
        EXPECT_EQ(error.field(), "cpus");
    }
    EXPECT_TRUE(sink.events.empty());
    EXPECT_TRUE(observer.calls.empty());
}

TEST(SweepDriver, AFailedRunStopsTheSweepWithItsExitStatusWhenNotKeepGoing) {
    Experiment base = tiny();
    base.fault = "exit"; // worker 0 exits with status 3 at its first task, in every run
    SweepPlan plan = workers12(base);
    plan.keepGoing = false; // --fail-fast
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(std::move(plan), sink, observer);

    EXPECT_THAT(sink.outline(),
                ElementsAre("sweep_started 3 runs 2 points", "run_started 0 point 0 warm-up 0", "error 0",
                            "run_done 0 failed", "progress 1/3", "sweep_done failed 1 done 1 failed"));
    EXPECT_THAT(observer.calls,
                ElementsAre("point 0/2", "failed 0 failed stops", "done 0 point 0 warm-up 1/3", "over"));
    EXPECT_EQ(outcome.exitCode, ExitCode::WorkerCrashed);
    EXPECT_EQ(outcome.results.runs.size(), 1u);
}

TEST(SweepDriver, KeepGoingRunsEveryRunAndKeepsTheFirstFailuresExitStatus) {
    Experiment base = tiny();
    base.fault = "exit";
    SweepPlan plan = workers12(base);
    EXPECT_TRUE(plan.keepGoing) << "going on is the default";
    // The second point fails otherwise: it hangs until its timeout.
    plan.points[1].experiment.fault = "hang";
    plan.points[1].experiment.timeoutSeconds = 0.3;
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(std::move(plan), sink, observer);

    EXPECT_THAT(sink.outline(),
                ElementsAre("sweep_started 3 runs 2 points", "run_started 0 point 0 warm-up 0", "error 0",
                            "run_done 0 failed", "progress 1/3", "run_started 1 point 0 rep 0", "error 1",
                            "run_done 1 failed", "progress 2/3", "run_started 2 point 1 rep 0", "error 2",
                            "run_done 2 timeout", "progress 3/3", "sweep_done failed 3 done 3 failed"));
    EXPECT_THAT(observer.calls, ElementsAre("point 0/2", "failed 0 failed goes on", "done 0 point 0 warm-up 1/3",
                                            "failed 1 failed goes on", "done 1 point 0 rep 2/3", "point 1/2",
                                            "failed 2 timeout goes on", "done 2 point 1 rep 3/3", "over"));
    // sweep_done says the worst (failed, not the last run's timeout); the exit status is the first failure's.
    EXPECT_EQ(outcome.exitCode, ExitCode::WorkerCrashed);
    ASSERT_EQ(outcome.summary.points.size(), 2u);
    EXPECT_EQ(outcome.summary.points[0].failedRuns, 1); // the warm-up's failure is not a measured run's
    EXPECT_EQ(outcome.summary.points[1].failedRuns, 1);
    bool runFailed = false;
    for (const auto& f : outcome.results.findings) runFailed = runFailed || f.id == "run-failed";
    EXPECT_TRUE(runFailed);
}

TEST(SweepDriver, ACancelEndsTheSweepAsCancelledEvenWithKeepGoing) {
    SweepPlan plan = workers12(tiny());
    plan.keepGoing = true; // a cancel stops the sweep regardless
    RecordingSink sink;
    RecordingObserver observer;
    SweepOutcome outcome;
    {
        conductor::CancellationScope scope;
        // Thread-directed, and pending until the first run reads it: a
        // process-wide signal could land on a BLAS pool thread.
        pthread_kill(pthread_self(), SIGTERM);
        try {
            outcome = runSweep(std::move(plan), sink, observer);
        } catch (...) {
            conductor::takePendingCancelSignal(); // else it kills the test when the scope ends
            throw;
        }
        EXPECT_FALSE(conductor::takePendingCancelSignal().has_value()) << "the sweep did not read the SIGTERM";
    }
    EXPECT_THAT(sink.outline(),
                ElementsAre("sweep_started 3 runs 2 points", "run_started 0 point 0 warm-up 0", "error 0",
                            "run_done 0 cancelled", "progress 1/3", "sweep_done cancelled 1 done 1 failed"));
    EXPECT_THAT(observer.calls,
                ElementsAre("point 0/2", "failed 0 cancelled stops", "done 0 point 0 warm-up 1/3", "over"));
    EXPECT_EQ(outcome.exitCode, ExitCode::Cancelled);
}

TEST(SweepDriver, AMemoryBoundSweepTakesTheMachinesBandwidthFromTheCache) {
    static const test::ProcessTempDir dir("oversub-test-sweep-driver-");
    analysis::BandwidthRecord cached;
    cached.key = analysis::machineBandwidthKey(thisMachine().info(), machine::cpuModel());
    cached.oneWorkerGbps = 10;
    cached.machineGbps = 15;
    cached.workers = 2;
    cached.size = 16;
    cached.measuredAt = "2026-01-01T00:00:00Z";
    analysis::writeCachedBandwidth(dir.file("bandwidth.json"), cached);

    Experiment base = tiny();
    base.workload = Workload::Triad;
    base.size = 16;
    SweepPlan plan = workers12(base);
    plan.bandwidthCachePath = dir.file("bandwidth.json");
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(std::move(plan), sink, observer);

    EXPECT_EQ(outcome.exitCode, ExitCode::Ok);
    EXPECT_THAT(observer.calls, testing::Not(testing::Contains("probe")));
    ASSERT_TRUE(outcome.summary.machineGbps.has_value());
    EXPECT_EQ(*outcome.summary.machineGbps, 15);
    EXPECT_EQ(outcome.done.summary["bandwidth"]["machine_gbps"], 15);
}

TEST(SweepDriver, TheWorstStatusIsFailedThenTimeoutThenCancelledThenOk) {
    using events::RunStatus;
    const std::vector<RunStatus> order = {RunStatus::Ok, RunStatus::Cancelled, RunStatus::Timeout, RunStatus::Failed};
    for (size_t a = 0; a < order.size(); ++a)
        for (size_t b = 0; b < order.size(); ++b)
            EXPECT_EQ(worstStatus(order[a], order[b]), order[std::max(a, b)])
                << toString(order[a]) << " and " << toString(order[b]);
}

TEST(SweepDriver, AWarmupOfZeroAskedForExplicitlyMeansNoWarmupAtAll) {
    SweepPlan plan = workers12(tiny());
    plan.coldStartWarmup = false; // --warmup 0 on the command line
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(std::move(plan), sink, observer);

    EXPECT_THAT(sink.outline(), ElementsAre("sweep_started 2 runs 2 points", "run_started 0 point 0 rep 0",
                                            "run_done 0 ok", "progress 1/2", "run_started 1 point 1 rep 0",
                                            "run_done 1 ok", "progress 2/2", "sweep_done ok 2 done 0 failed"));
    EXPECT_EQ(outcome.runsTotal, 2);
}

TEST(SweepDriver, ASingleRunIsASweepOfOnePointWithoutColdStartProbeOrSummary) {
    // Memory-bound, and no cached bandwidth: a sweep would probe first.
    Experiment base = tiny();
    base.workload = Workload::Triad;
    base.size = 16;
    base.repeat = 2;
    SweepPlan plan;
    plan.base = base;
    plan.points = expandPoints(base);
    plan.bandwidthCachePath = "";
    plan.singleRun = true;
    RecordingSink sink;
    RecordingObserver observer;
    const SweepOutcome outcome = runSweep(std::move(plan), sink, observer);

    EXPECT_THAT(sink.outline(), ElementsAre("sweep_started 2 runs 1 points", "run_started 0 point 0 rep 0",
                                            "run_done 0 ok", "progress 1/2", "run_started 1 point 0 rep 1",
                                            "run_done 1 ok", "progress 2/2", "sweep_done ok 2 done 0 failed"));
    EXPECT_THAT(observer.calls, testing::Not(testing::Contains("probe")));
    EXPECT_THAT(observer.starting, ElementsAre("0/2", "1/2"));
    EXPECT_TRUE(outcome.done.summary.is_null()) << outcome.done.summary.dump();
    EXPECT_TRUE(outcome.results.summary.is_null());
    EXPECT_TRUE(outcome.results.findings.empty());
    // The advice is the driver's, in every run_done.
    for (const auto& e : sink.events) {
        if (const auto* done = std::get_if<events::RunDone>(&e)) {
            EXPECT_FALSE(done->findings.empty()) << done->run;
        }
    }
}
