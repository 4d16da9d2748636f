// The sweep summary: statistics per point, speedups mapped back to the right
// point when some point failed, findings counted once per point, the
// bandwidth ceiling, and the JSON the results and the window read.

#include "analysis/sweep_summary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

using namespace oversub::analysis;

namespace {

PointRuns point(const std::string& label, int workers, int threads, std::vector<double> walls) {
    PointRuns p;
    p.label = label;
    p.workers = workers;
    p.threadsPerWorker = threads;
    p.wallSeconds = walls;
    p.timedSeconds = std::move(walls); // no preparation: the timed interval is the wall time
    p.runs = static_cast<int>(p.wallSeconds.size());
    return p;
}

PointRuns inSeries(PointRuns p, const std::string& series) {
    p.series = series;
    p.label = series + " " + p.label;
    return p;
}

const PointSummary& byLabel(const SweepSummary& s, const std::string& label) {
    for (const auto& p : s.points)
        if (p.label == label) return p;
    throw std::runtime_error("no point " + label);
}

} // namespace

TEST(SweepSummary, StatisticsSpeedupAndAFailedPoint) {
    std::vector<PointRuns> pts{
        point("workers=1 threads=1", 1, 1, {4.0, 4.2, 3.8}), point("workers=1 threads=2", 1, 2, {}),
        point("workers=2 threads=1", 2, 1, {2.0, 2.1, 1.9}), point("workers=2 threads=2", 2, 2, {5.0, 5.0, 5.0})};
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
    ASSERT_TRUE(s.points[3].scaling.has_value());
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
    ASSERT_TRUE(s.points[1].gbps.has_value());
    EXPECT_DOUBLE_EQ(s.points[1].gbps->median, 33.0);

    // Without a serial base point the probe's one-worker figure is used.
    const auto noBase = summarizeSweep({two}, 2, bw);
    ASSERT_TRUE(noBase.bandwidthCeiling.has_value());
    EXPECT_DOUBLE_EQ(*noBase.bandwidthCeiling, 50.0 / 30.0);
    // Unknown machine bandwidth: no ceiling.
    EXPECT_FALSE(summarizeSweep({base, two}, 2).bandwidthCeiling.has_value());
}

TEST(SweepSummary, NothingSucceeded) {
    auto p = point("workers=1", 1, 1, {});
    p.runs = 1;
    p.failedRuns = 1;
    const auto s = summarizeSweep({p}, 2);
    EXPECT_EQ(s.baseLabel, "workers=1");
    ASSERT_EQ(s.series.size(), 1u);
    EXPECT_TRUE(s.series[0].baseFailed);
    EXPECT_FALSE(s.amdahl.has_value());
    ASSERT_EQ(s.findings.size(), 2u);
    EXPECT_EQ(s.findings[0].id, "run-failed");
    EXPECT_EQ(s.findings[1].id, "base-failed");
}

TEST(SweepSummary, SpeedupUsesTheTimedIntervalNotTheWallTime) {
    // The base's wall time holds 0.5 s of input preparation the 2-worker run did not pay.
    auto base = point("workers=1", 1, 1, {4.5});
    base.timedSeconds = {4.0};
    auto two = point("workers=2", 2, 1, {2.1});
    two.timedSeconds = {2.0};
    const auto s = summarizeSweep({base, two}, 2);
    ASSERT_EQ(s.points.size(), 2u);
    ASSERT_TRUE(s.points[1].scaling.has_value());
    ASSERT_TRUE(s.points[1].timedSeconds.has_value());
    ASSERT_TRUE(s.points[1].wallSeconds.has_value());
    EXPECT_DOUBLE_EQ(s.points[1].scaling->speedup, 2.0);
    EXPECT_DOUBLE_EQ(s.points[1].timedSeconds->median, 2.0);
    EXPECT_DOUBLE_EQ(s.points[1].wallSeconds->median, 2.1);
    const auto j = toJson(s);
    EXPECT_DOUBLE_EQ(j["points"][1]["timed_s"]["median"].get<double>(), 2.0);
}

TEST(SweepSummary, ProcessesTimesThreadsPresetComparesEachWorkloadWithItsOwnBase) {
    // The preset's shape: workload gemm,svd x threads 1,2 at 2 workers. SVD is
    // 8x slower than GEMM; compared with the GEMM base it would read 0.12x.
    std::vector<PointRuns> pts{inSeries(point("threads=1", 2, 1, {1.0}), "workload=gemm"),
                               inSeries(point("threads=2", 2, 2, {1.05}), "workload=gemm"),
                               inSeries(point("threads=1", 2, 1, {8.0}), "workload=svd"),
                               inSeries(point("threads=2", 2, 2, {10.0}), "workload=svd")};
    const auto s = summarizeSweep(pts, 2);
    ASSERT_EQ(s.series.size(), 2u);
    EXPECT_EQ(s.series[0].baseLabel, "workload=gemm threads=1");
    EXPECT_EQ(s.series[1].baseLabel, "workload=svd threads=1");
    EXPECT_TRUE(s.baseLabel.empty()); // several series: no single base
    for (const char* label : {"workload=svd threads=1", "workload=svd threads=2", "workload=gemm threads=2"})
        ASSERT_TRUE(byLabel(s, label).scaling.has_value()) << label;
    EXPECT_DOUBLE_EQ(byLabel(s, "workload=svd threads=1").scaling->speedup, 1.0);
    EXPECT_TRUE(byLabel(s, "workload=svd threads=1").scaling->isBase);
    EXPECT_DOUBLE_EQ(byLabel(s, "workload=svd threads=2").scaling->speedup, 0.8);
    EXPECT_NEAR(byLabel(s, "workload=gemm threads=2").scaling->speedup, 1 / 1.05, 1e-12);
    // 2x2 on 2 PUs vs 2x1: efficiency relative to the base's 2 threads.
    EXPECT_DOUBLE_EQ(byLabel(s, "workload=svd threads=2").scaling->efficiency.value_or(0), 0.4);
    const auto j = toJson(s);
    EXPECT_EQ(j["series"].size(), 2u);
    EXPECT_EQ(j["points"][2]["series"], "workload=svd");
}

TEST(SweepSummary, MemoryVsComputePresetComparesScalarWithScalar) {
    std::vector<PointRuns> pts{inSeries(point("workers=1", 1, 1, {2.0}), "workload=elementwise"),
                               inSeries(point("workers=2", 2, 1, {1.6}), "workload=elementwise"),
                               inSeries(point("workers=1", 1, 1, {6.0}), "workload=scalar"),
                               inSeries(point("workers=2", 2, 1, {3.0}), "workload=scalar")};
    pts[0].gbps = {20.0};
    BandwidthContext bw;
    bw.machineGbps = 30.0;
    const auto s = summarizeSweep(pts, 2, bw);
    for (const char* label : {"workload=scalar workers=2", "workload=elementwise workers=2"})
        ASSERT_TRUE(byLabel(s, label).scaling.has_value()) << label;
    EXPECT_DOUBLE_EQ(byLabel(s, "workload=scalar workers=2").scaling->speedup, 2.0);
    EXPECT_DOUBLE_EQ(byLabel(s, "workload=elementwise workers=2").scaling->speedup, 1.25);
    EXPECT_DOUBLE_EQ(byLabel(s, "workload=scalar workers=2").scaling->karpFlatt.value_or(-1), 0.0);
    // The ceiling is element-wise's own: 30 / 20.
    EXPECT_DOUBLE_EQ(s.bandwidthCeiling.value_or(0), 1.5);
}

TEST(SweepSummary, AFailedBaseIsNeverReplacedByAnotherPoint) {
    auto failed = inSeries(point("workers=1", 1, 1, {}), "workload=svd");
    failed.runs = 2;
    failed.failedRuns = 2;
    std::vector<PointRuns> pts{inSeries(point("workers=1", 1, 1, {2.0}), "workload=gemm"),
                               inSeries(point("workers=2", 2, 1, {1.0}), "workload=gemm"), failed,
                               inSeries(point("workers=2", 2, 1, {4.0}), "workload=svd")};
    const auto s = summarizeSweep(pts, 2);
    EXPECT_FALSE(byLabel(s, "workload=svd workers=2").scaling.has_value());
    ASSERT_TRUE(byLabel(s, "workload=gemm workers=2").scaling.has_value());
    EXPECT_DOUBLE_EQ(byLabel(s, "workload=gemm workers=2").scaling->speedup, 2.0);
    ASSERT_EQ(s.series.size(), 2u);
    EXPECT_TRUE(s.series[1].baseFailed);
    EXPECT_NE(s.series[1].baseDescription.find("workload=svd workers=1"), std::string::npos);
    const auto it =
        std::find_if(s.findings.begin(), s.findings.end(), [](const Finding& f) { return f.id == "base-failed"; });
    ASSERT_NE(it, s.findings.end());
    EXPECT_EQ(it->evidence["series"], "workload=svd");
}
