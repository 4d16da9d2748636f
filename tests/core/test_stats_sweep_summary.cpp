// The sweep summary: statistics per point, speedups mapped back to the right
// point when some point failed, findings counted once per point, the
// bandwidth ceiling, and the JSON the results and the window read.

#include "analysis/sweep_summary.h"

#include <gtest/gtest.h>

using namespace oversub::analysis;

namespace {

PointRuns point(const std::string& label, int workers, int threads, std::vector<double> walls) {
    PointRuns p;
    p.label = label;
    p.workers = workers;
    p.threadsPerWorker = threads;
    p.wallSeconds = std::move(walls);
    p.runs = static_cast<int>(p.wallSeconds.size());
    return p;
}

} // namespace

TEST(SweepSummary, StatisticsSpeedupAndAFailedPoint) {
    std::vector<PointRuns> pts{point("workers=1 threads=1", 1, 1, {4.0, 4.2, 3.8}),
                               point("workers=1 threads=2", 1, 2, {}),
                               point("workers=2 threads=1", 2, 1, {2.0, 2.1, 1.9}),
                               point("workers=2 threads=2", 2, 2, {5.0, 5.0, 5.0})};
    pts[1].runs = 3;
    pts[1].failedRuns = 3;
    pts[1].firstError = "worker 0 (pid 9) killed by SIGSEGV during task 0";

    const auto s = summarizeSweep(pts, 2);
    ASSERT_EQ(s.points.size(), 4u);
    EXPECT_EQ(s.baseLabel, "workers=1 threads=1");
    ASSERT_TRUE(s.points[0].wallSeconds.has_value());
    EXPECT_DOUBLE_EQ(s.points[0].wallSeconds->median, 4.0);
    EXPECT_FALSE(s.points[1].wallSeconds.has_value());
    EXPECT_FALSE(s.points[1].scaling.has_value());
    ASSERT_TRUE(s.points[2].scaling.has_value());
    EXPECT_DOUBLE_EQ(s.points[2].scaling->speedup, 2.0);
    EXPECT_DOUBLE_EQ(s.points[3].scaling->speedup, 0.8);
    EXPECT_TRUE(s.points[3].aboveAllowedPus);
    EXPECT_FALSE(s.points[2].aboveAllowedPus);

    std::vector<std::string> ids;
    for (const auto& f : s.findings) ids.push_back(f.id);
    EXPECT_NE(std::find(ids.begin(), ids.end(), "run-failed"), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "slower-than-serial"), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "good-scaling"), ids.end());
    EXPECT_EQ(s.findings.front().id, "run-failed"); // problems first

    const auto j = toJson(s);
    EXPECT_EQ(j["points"].size(), 4u);
    EXPECT_TRUE(j["points"][1]["wall_s"].is_null());
    EXPECT_EQ(j["points"][1]["failed_runs"], 3);
    EXPECT_DOUBLE_EQ(j["points"][2]["speedup"].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(j["points"][0]["wall_s"]["median"].get<double>(), 4.0);
    ASSERT_TRUE(j["amdahl"].is_object());
    EXPECT_EQ(j["base"], "workers=1 threads=1");
}

TEST(SweepSummary, RunFindingsAreCountedOncePerPoint) {
    auto p = point("workers=2 threads=2", 2, 2, {1.0, 1.0});
    const Finding over{"oversubscribed", "problem", "4 runnable threads on 2 PUs", {}};
    const Finding info{"good-scaling", "info", "fine", {}};
    p.runFindings = {info, over, over};
    const auto s = summarizeSweep({p}, 2);
    ASSERT_EQ(s.points[0].findings.size(), 2u);
    EXPECT_EQ(s.points[0].findings[0].finding.id, "oversubscribed");
    EXPECT_EQ(s.points[0].findings[0].runs, 2);
    EXPECT_EQ(s.points[0].findings[1].runs, 1);
}

TEST(SweepSummary, BandwidthCeilingUsesTheSerialBasePointsBandwidth) {
    auto base = point("workers=1", 1, 1, {1.0});
    base.gbps = {20.0};
    auto two = point("workers=2", 2, 1, {0.6});
    two.gbps = {33.0};
    BandwidthContext bw;
    bw.machineGbps = 50.0;
    bw.oneWorkerGbps = 30.0; // the triad probe's: replaced by this workload's own
    const auto s = summarizeSweep({base, two}, 2, bw);
    ASSERT_TRUE(s.bandwidthCeiling.has_value());
    EXPECT_DOUBLE_EQ(*s.bandwidthCeiling, 2.5);
    EXPECT_DOUBLE_EQ(s.points[1].gbps->median, 33.0);

    // Without a serial base point the probe's one-worker figure is used.
    const auto noBase = summarizeSweep({two}, 2, bw);
    EXPECT_DOUBLE_EQ(*noBase.bandwidthCeiling, 50.0 / 30.0);
    // Unknown machine bandwidth: no ceiling.
    EXPECT_FALSE(summarizeSweep({base, two}, 2).bandwidthCeiling.has_value());
}

TEST(SweepSummary, NothingSucceeded) {
    auto p = point("workers=1", 1, 1, {});
    p.runs = 1;
    p.failedRuns = 1;
    const auto s = summarizeSweep({p}, 2);
    EXPECT_TRUE(s.baseLabel.empty());
    EXPECT_FALSE(s.amdahl.has_value());
    ASSERT_EQ(s.findings.size(), 1u);
    EXPECT_EQ(s.findings[0].id, "run-failed");
}
