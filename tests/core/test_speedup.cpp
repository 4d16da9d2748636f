// Speedup, efficiency and the bandwidth ceiling against hand-computed values;
// the base point choice.

#include "analysis/speedup.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <vector>

using namespace oversub::analysis;

namespace {

Summary wall(double median, double min, double max) {
    Summary s;
    s.count = 3;
    s.median = median;
    s.min = min;
    s.max = max;
    s.mean = median;
    return s;
}

ScalingPoint point(int workers, int threads, double median) {
    return {"workers=" + std::to_string(workers) + " threads=" + std::to_string(threads), workers, threads,
            wall(median, median, median), ""};
}

} // namespace

TEST(Speedup, BaseIsTheSerialPointWhenPresentEvenIfNotFirst) {
    const std::vector<ScalingPoint> pts{point(2, 1, 5.0), point(1, 1, 8.0), point(4, 1, 4.0)};
    const auto a = analyzeScaling(pts);
    EXPECT_EQ(a.baseIndex, 1u);
    EXPECT_EQ(a.baseChoice, BaseChoice::SerialPoint);
    EXPECT_NE(a.baseDescription().find("1x1"), std::string::npos);
    EXPECT_DOUBLE_EQ(a.points[0].speedup, 8.0 / 5.0);
    EXPECT_DOUBLE_EQ(a.points[1].speedup, 1.0);
    EXPECT_DOUBLE_EQ(a.points[2].speedup, 2.0);
}

TEST(Speedup, BaseIsTheFewestResourcesWithoutASerialPointAndTheOutputSaysSo) {
    const std::vector<ScalingPoint> pts{point(4, 1, 4.0), point(2, 1, 6.0)};
    const auto a = analyzeScaling(pts);
    EXPECT_EQ(a.baseIndex, 1u);
    EXPECT_EQ(a.baseChoice, BaseChoice::FewestResources);
    EXPECT_NE(a.baseDescription().find("fewest"), std::string::npos);
    EXPECT_NE(a.baseDescription().find("workers=2 threads=1"), std::string::npos);
    EXPECT_DOUBLE_EQ(a.points[0].speedup, 1.5);
    // Efficiency relative to the base's resources: 1.5 / (4 / 2).
    EXPECT_DOUBLE_EQ(a.points[0].efficiency.value_or(0), 0.75);
    // No serial base: no Karp-Flatt.
    EXPECT_FALSE(a.points[0].karpFlatt.has_value());
}

TEST(Speedup, NoEfficiencyWhereParallelismDidNotChange) {
    // 2x1 and 1x2 use the same resources as each other: only the speedup is shown.
    const std::vector<ScalingPoint> pts{point(2, 1, 6.0), point(1, 2, 5.0), point(2, 2, 4.0)};
    const auto a = analyzeScaling(pts);
    EXPECT_TRUE(a.points[0].isBase);
    EXPECT_FALSE(a.points[0].efficiency.has_value());
    EXPECT_FALSE(a.points[1].efficiency.has_value());
    EXPECT_DOUBLE_EQ(a.points[1].speedup, 1.2);
    EXPECT_DOUBLE_EQ(a.points[2].efficiency.value_or(0), 1.5 / 2);
}

TEST(Speedup, EfficiencyDividesByWorkersTimesThreads) {
    const std::vector<ScalingPoint> pts{point(1, 1, 10.0), point(2, 1, 5.0), point(2, 2, 4.0)};
    const auto a = analyzeScaling(pts);
    EXPECT_EQ(a.points[2].resources, 4);
    EXPECT_DOUBLE_EQ(a.points[1].efficiency.value_or(0), 1.0);
    EXPECT_DOUBLE_EQ(a.points[2].speedup, 2.5);
    EXPECT_DOUBLE_EQ(a.points[2].efficiency.value_or(0), 2.5 / 4.0);
}

TEST(Speedup, SpeedupRangeComesFromTheFastestAndSlowestRepetition) {
    std::vector<ScalingPoint> pts{point(1, 1, 10.0), point(2, 1, 5.0)};
    pts[1].seconds = wall(5.0, 4.0, 8.0);
    const auto a = analyzeScaling(pts);
    EXPECT_DOUBLE_EQ(a.points[1].speedupLow, 10.0 / 8.0);
    EXPECT_DOUBLE_EQ(a.points[1].speedupHigh, 10.0 / 4.0);
}

TEST(Speedup, SlowerThanBaseIsFlagged) {
    const std::vector<ScalingPoint> pts{point(1, 1, 10.0), point(2, 2, 12.0)};
    const auto a = analyzeScaling(pts);
    EXPECT_TRUE(a.points[1].slowerThanBase);
    EXPECT_FALSE(a.points[0].slowerThanBase);
}

TEST(Speedup, SlowerOnlyWhenEvenTheFastestRepetitionLost) {
    std::vector<ScalingPoint> pts{point(1, 1, 10.0), point(2, 1, 10.5)};
    pts[1].seconds = wall(10.5, 9.8, 11.0); // median slower, fastest run faster
    EXPECT_FALSE(analyzeScaling(pts).points[1].slowerThanBase);
    pts[1].seconds = wall(10.5, 10.2, 11.0);
    EXPECT_TRUE(analyzeScaling(pts).points[1].slowerThanBase);
}

TEST(Speedup, BadPointsAreRejectedWithTheField) {
    EXPECT_THROW(analyzeScaling(std::vector<ScalingPoint>{}), oversub::InputError);
    try {
        analyzeScaling(std::vector<ScalingPoint>{point(0, 1, 1.0)});
        FAIL();
    } catch (const oversub::InputError& e) {
        EXPECT_EQ(e.field(), "workers");
    }
    try {
        analyzeScaling(std::vector<ScalingPoint>{point(1, 1, 0.0)});
        FAIL();
    } catch (const oversub::InputError& e) {
        EXPECT_EQ(e.field(), "timed_s");
    }
}

TEST(BandwidthCeiling, IsMachineOverOneWorker) {
    // platform-notes: triad 1 process ~30 GB/s, 2 processes ~52 GB/s.
    EXPECT_DOUBLE_EQ(bandwidthCeiling(52.0, 30.0), 52.0 / 30.0);
    EXPECT_THROW(bandwidthCeiling(0.0, 30.0), oversub::InputError);
    EXPECT_THROW(bandwidthCeiling(52.0, -1.0), oversub::InputError);
}
