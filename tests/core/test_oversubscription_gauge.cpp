// The gauge's arithmetic on constructed ticks: demand, run-queue share,
// VTune bands and the switch rate, which only counts growth of known threads.
#include "analysis/oversubscription_gauge.h"

#include <gtest/gtest.h>

using namespace oversub;
using analysis::ConcurrencyBand;

namespace {

sampler::ThreadSample thread(int tid, double run, double wait, uint64_t involuntary = 0) {
    sampler::ThreadSample t;
    t.pid = 100;
    t.tid = tid;
    t.run = run;
    t.runqWait = wait;
    t.involuntaryCtxSwitches = involuntary;
    return t;
}

sampler::Snapshot tick(std::vector<sampler::ThreadSample> threads, double interval = 0.1) {
    sampler::Snapshot s;
    s.intervalSeconds = interval;
    s.threads = std::move(threads);
    return s;
}

} // namespace

TEST(OversubscriptionGauge, FourBusyThreadsOnTwoPusAreOverWithHalfTheirTimeWaiting) {
    analysis::OversubscriptionGauge gauge(2);
    const auto r =
        gauge.update(tick({thread(1, 0.5, 0.5), thread(2, 0.5, 0.5), thread(3, 0.5, 0.5), thread(4, 0.5, 0.5)}));
    EXPECT_DOUBLE_EQ(r.demandThreads, 4.0);
    EXPECT_DOUBLE_EQ(r.runningThreads, 2.0);
    EXPECT_DOUBLE_EQ(r.concurrency, 2.0);
    EXPECT_DOUBLE_EQ(r.runqWaitShare, 0.5);
    EXPECT_EQ(r.band, ConcurrencyBand::Over);
}

TEST(OversubscriptionGauge, OneThreadAPuIsIdealWithoutWaiting) {
    analysis::OversubscriptionGauge gauge(2);
    const auto r = gauge.update(tick({thread(1, 1.0, 0.0), thread(2, 0.98, 0.0)}));
    EXPECT_EQ(r.band, ConcurrencyBand::Ideal);
    EXPECT_DOUBLE_EQ(r.runqWaitShare, 0.0);
}

TEST(OversubscriptionGauge, BandsFollowVtuneThresholds) {
    EXPECT_EQ(analysis::bandOf(0.0), ConcurrencyBand::Idle);
    EXPECT_EQ(analysis::bandOf(0.5), ConcurrencyBand::Poor);
    EXPECT_EQ(analysis::bandOf(0.51), ConcurrencyBand::Ok);
    EXPECT_EQ(analysis::bandOf(0.85), ConcurrencyBand::Ok);
    EXPECT_EQ(analysis::bandOf(0.86), ConcurrencyBand::Ideal);
    EXPECT_EQ(analysis::bandOf(1.15), ConcurrencyBand::Ideal);
    EXPECT_EQ(analysis::bandOf(1.16), ConcurrencyBand::Over);
}

TEST(OversubscriptionGauge, SwitchRateCountsOnlyGrowthOfKnownThreads) {
    analysis::OversubscriptionGauge gauge(2);
    auto first = gauge.update(tick({thread(1, 1, 0, 1000)}));
    EXPECT_DOUBLE_EQ(first.involuntarySwitchesPerSecond, 0.0) << "no previous count yet";
    auto second = gauge.update(tick({thread(1, 1, 0, 1030), thread(2, 1, 0, 500)}, 0.1));
    EXPECT_DOUBLE_EQ(second.involuntarySwitchesPerSecond, 300.0); // 30 switches in 0.1 s; tid 2 is new
    // tid 1 vanished and comes back (recycled): starts afresh.
    gauge.update(tick({thread(2, 1, 0, 510)}));
    auto recycled = gauge.update(tick({thread(1, 1, 0, 5)}));
    EXPECT_DOUBLE_EQ(recycled.involuntarySwitchesPerSecond, 0.0);
}

TEST(OversubscriptionGauge, NoThreadsIsIdle) {
    analysis::OversubscriptionGauge gauge(4);
    const auto r = gauge.update(tick({}));
    EXPECT_EQ(r.band, ConcurrencyBand::Idle);
    EXPECT_DOUBLE_EQ(r.runqWaitShare, 0.0);
}
