// The shipped presets split into the series their lessons need: each
// workload is compared with itself (processes-x-threads: 2x2 against 2x1;
// memory-vs-compute: 2 workers against 1), and a preset that only moves
// placement (inherited-affinity) has no speedup to show. Built from the
// presets' own sweeps, so a preset edited into a cross-workload comparison
// fails here.

#include "analysis/sweep_summary.h"
#include "experiment/series.h"
#include "experiment/sweep.h"
#include "presets/preset_library.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

using namespace oversub;

namespace {

// Every point of the preset with a made-up time (SVD and scalar slower than
// GEMM and element-wise, as on any machine), summarised as `sweep` does.
analysis::SweepSummary summaryOf(const std::string& presetName) {
    const auto& preset = presets::presetByName(presetName);
    std::vector<analysis::PointRuns> runs;
    for (const auto& point : expandPoints(preset.experiment)) {
        analysis::PointRuns p;
        p.label = point.label;
        p.workers = point.experiment.workers;
        p.threadsPerWorker = point.experiment.threads;
        p.series = sweepSeriesName(preset.experiment.sweep, point.experiment);
        const double slow =
            point.experiment.workload == Workload::Svd || point.experiment.workload == Workload::Scalar ? 8.0 : 1.0;
        const double seconds = slow / point.experiment.workers;
        p.wallSeconds = p.timedSeconds = {seconds, seconds, seconds};
        p.runs = 3;
        runs.push_back(std::move(p));
    }
    return analysis::summarizeSweep(runs, 2);
}

std::map<std::string, std::string> basesBySeries(const analysis::SweepSummary& s) {
    std::map<std::string, std::string> out;
    for (const auto& series : s.series) out[series.name] = series.baseLabel;
    return out;
}

} // namespace

TEST(PresetSeries, ProcessesTimesThreadsComparesEachWorkloadWithItsOwnTwoByOne) {
    const auto s = summaryOf("processes-x-threads");
    const std::map<std::string, std::string> expected{{"workload=gemm", "workload=gemm threads=1"},
                                                      {"workload=svd", "workload=svd threads=1"}};
    EXPECT_EQ(basesBySeries(s), expected);
    for (const auto& p : s.points) {
        ASSERT_TRUE(p.scaling.has_value()) << p.label;
        // Same workers, so the same time: 1.0x within the series (0.12x against GEMM's base before).
        EXPECT_DOUBLE_EQ(p.scaling->speedup, 1.0) << p.label;
    }
}

TEST(PresetSeries, MemoryVsComputeComparesEachWorkloadWithItsOwnOneWorker) {
    const auto s = summaryOf("memory-vs-compute");
    const std::map<std::string, std::string> expected{{"workload=elementwise", "workload=elementwise workers=1"},
                                                      {"workload=scalar", "workload=scalar workers=1"}};
    EXPECT_EQ(basesBySeries(s), expected);
    for (const auto& p : s.points) {
        ASSERT_TRUE(p.scaling.has_value()) << p.label;
        EXPECT_DOUBLE_EQ(p.scaling->speedup, p.workers == 2 ? 2.0 : 1.0) << p.label;
        EXPECT_EQ(p.scaling->isBase, p.workers == 1) << p.label;
    }
}

TEST(PresetSeries, InheritedAffinityHasNoSpeedupToShow) {
    // single and scatter are placements, not parallelism: two series of one point.
    const auto s = summaryOf("inherited-affinity");
    ASSERT_EQ(s.series.size(), 2u);
    for (const auto& p : s.points) {
        ASSERT_TRUE(p.scaling.has_value());
        EXPECT_TRUE(p.scaling->isBase) << p.label;
        EXPECT_FALSE(p.scaling->efficiency.has_value()) << p.label;
    }
}
