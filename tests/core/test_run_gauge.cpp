// The gauge over a whole run: built from the advisor's own evidence, so its
// run-queue share is the findings' figure, its threads are workers x
// threads and its PUs the union of the workers' cpusets.

#include "analysis/advisor.h"
#include "analysis/run_gauge.h"
#include "events/event.h"

#include <gtest/gtest.h>

using namespace oversub;
using namespace oversub::analysis;

namespace {

// Two workers of two threads each on PUs 0 and 1 for 2 s: each worker wanted
// 2 s of CPU and waited 2 s for it, as 4 threads on 2 PUs do.
struct TwoByTwoOnTwoPus {
    RunEvidence evidence;
    events::RunDone done;
    TwoByTwoOnTwoPus() {
        evidence.workers = 2;
        evidence.threadsPerWorker = 2;
        evidence.machinePus = CpuSet::range(0, 1);
        for (int w = 0; w < 2; ++w) {
            WorkerEvidence worker;
            worker.worker = w;
            worker.cpuset = CpuSet::fromVector({w});
            worker.busySeconds = 1.9;
            worker.runqWaitSeconds = 1.7;
            evidence.workerStats.push_back(worker);
            events::WorkerStats stats;
            stats.worker = w;
            stats.involuntaryCtxSwitches = 100;
            done.workers.push_back(stats);
        }
        done.wallSeconds = 2.5;
        done.phases.prepareSeconds = 0.5; // timed: 2 s
    }
};

} // namespace

TEST(RunGauge, FiguresComeFromTheWorkersTotalsOverTheTimedInterval) {
    TwoByTwoOnTwoPus run;
    const auto reading = runGaugeReading(run.evidence, run.done);
    ASSERT_TRUE(reading.has_value());
    EXPECT_EQ(reading->threadsSeen, 4);
    EXPECT_EQ(reading->allowedPus, 2);
    EXPECT_DOUBLE_EQ(reading->runningThreads, 3.8 / 2);
    EXPECT_DOUBLE_EQ(reading->demandThreads, 7.2 / 2);
    EXPECT_DOUBLE_EQ(reading->concurrency, 7.2 / 2 / 2);
    EXPECT_DOUBLE_EQ(reading->involuntarySwitchesPerSecond, 100.0);
    EXPECT_EQ(reading->band, ConcurrencyBand::Over);
}

TEST(RunGauge, RunQueueShareIsTheOversubscribedFindingsOwn) {
    TwoByTwoOnTwoPus run;
    const auto reading = runGaugeReading(run.evidence, run.done);
    ASSERT_TRUE(reading.has_value());
    EXPECT_DOUBLE_EQ(reading->runqWaitShare, runqWaitShare(run.evidence));
    bool found = false;
    for (const auto& f : adviseRun(run.evidence))
        if (f.id == kOversubscribed) {
            found = true;
            EXPECT_DOUBLE_EQ(f.evidence.at("runq_wait_share").get<double>(), reading->runqWaitShare);
        }
    EXPECT_TRUE(found);
}

TEST(RunGauge, NothingMeasuredGivesNoReading) {
    TwoByTwoOnTwoPus run;
    for (auto& w : run.evidence.workerStats) w.busySeconds = w.runqWaitSeconds = 0;
    EXPECT_FALSE(runGaugeReading(run.evidence, run.done).has_value());
    TwoByTwoOnTwoPus instant;
    instant.done.wallSeconds = instant.done.phases.prepareSeconds;
    EXPECT_FALSE(runGaugeReading(instant.evidence, instant.done).has_value());
}

TEST(RunGauge, TravelsInRunDoneAndReadsBack) {
    TwoByTwoOnTwoPus run;
    run.done.gauge = runGaugeReading(run.evidence, run.done);
    const std::string line = events::toJsonLine(events::Event(run.done));
    EXPECT_NE(line.find("\"gauge\":{\"threads\":4"), std::string::npos) << line;
    const auto back = std::get<events::RunDone>(events::parseEventLine(line));
    ASSERT_TRUE(back.gauge.has_value());
    EXPECT_EQ(back.gauge->threadsSeen, 4);
    EXPECT_EQ(back.gauge->band, ConcurrencyBand::Over);
    EXPECT_NEAR(back.gauge->runqWaitShare, run.done.gauge->runqWaitShare, 1e-6);
    // Files written before the gauge existed read as no reading.
    run.done.gauge.reset();
    EXPECT_FALSE(std::get<events::RunDone>(events::parseEventLine(events::toJsonLine(events::Event(run.done))))
                     .gauge.has_value());
}
