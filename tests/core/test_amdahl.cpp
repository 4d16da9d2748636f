// Karp-Flatt and the Amdahl fit against hand-computed values.

#include "analysis/speedup.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <vector>

using namespace oversub::analysis;

namespace {

Summary wallAround(double median, double min, double max) {
    Summary s;
    s.count = 3;
    s.median = median;
    s.min = min;
    s.max = max;
    s.mean = median;
    return s;
}

} // namespace

TEST(KarpFlatt, HandComputedValues) {
    // S = 1.6 on p = 2: (1/1.6 - 1/2) / (1 - 1/2) = (0.625 - 0.5) / 0.5 = 0.25.
    EXPECT_NEAR(karpFlatt(1.6, 2), 0.25, 1e-12);
    // Perfect speedup: no serial fraction.
    EXPECT_NEAR(karpFlatt(4.0, 4), 0.0, 1e-12);
    // No speedup at all: everything serial.
    EXPECT_NEAR(karpFlatt(1.0, 8), 1.0, 1e-12);
    // S = 2.5 on p = 4: (0.4 - 0.25) / 0.75 = 0.2.
    EXPECT_NEAR(karpFlatt(2.5, 4), 0.2, 1e-12);
}

TEST(KarpFlatt, RecoversTheSerialFractionOfAnAmdahlSpeedup) {
    for (double p : {2.0, 3.0, 8.0, 64.0, 512.0})
        EXPECT_NEAR(karpFlatt(amdahlSpeedup(0.1, p), p), 0.1, 1e-12) << "p=" << p;
}

TEST(KarpFlatt, NeedsMoreThanOneResource) {
    EXPECT_THROW(karpFlatt(1.0, 1), oversub::InputError);
    EXPECT_THROW(karpFlatt(0.0, 2), oversub::InputError);
}

TEST(Amdahl, CurveHandValues) {
    EXPECT_DOUBLE_EQ(amdahlSpeedup(0.0, 4), 4.0);
    EXPECT_DOUBLE_EQ(amdahlSpeedup(1.0, 4), 1.0);
    // f = 0.1, p = 4: 1 / (0.1 + 0.225) = 1 / 0.325.
    EXPECT_NEAR(amdahlSpeedup(0.1, 4), 1.0 / 0.325, 1e-12);
    EXPECT_THROW(amdahlSpeedup(1.5, 4), oversub::InputError);
    EXPECT_THROW(amdahlSpeedup(0.1, 0.5), oversub::InputError);
}

TEST(Amdahl, FitRecoversAnExactSerialFraction) {
    std::vector<SpeedupObservation> obs;
    for (double p : {1.0, 2.0, 4.0, 8.0}) obs.push_back({p, amdahlSpeedup(0.1, p)});
    const auto fit = fitAmdahl(obs);
    EXPECT_NEAR(fit.serialFraction, 0.1, 1e-9);
    EXPECT_EQ(fit.pointsUsed, 3u); // the p = 1 point carries no information
    ASSERT_TRUE(fit.standardError.has_value());
    EXPECT_NEAR(*fit.standardError, 0.0, 1e-6);
}

TEST(Amdahl, FitRecoversTheEndsOfTheInterval) {
    const std::vector<SpeedupObservation> perfect{{2, 2.0}, {4, 4.0}};
    EXPECT_NEAR(fitAmdahl(perfect).serialFraction, 0.0, 1e-9);
    const std::vector<SpeedupObservation> flat{{2, 1.0}, {4, 1.0}};
    EXPECT_NEAR(fitAmdahl(flat).serialFraction, 1.0, 1e-9);
    // Slower than serial: clamped to 1, never above.
    const std::vector<SpeedupObservation> slower{{2, 0.8}, {4, 0.7}};
    EXPECT_DOUBLE_EQ(fitAmdahl(slower).serialFraction, 1.0);
    // Superlinear: clamped to 0.
    const std::vector<SpeedupObservation> superlinear{{2, 2.2}};
    EXPECT_DOUBLE_EQ(fitAmdahl(superlinear).serialFraction, 0.0);
}

TEST(Amdahl, SinglePointFitEqualsKarpFlatt) {
    // One point: the fit passes through it, so f equals its Karp-Flatt value.
    const std::vector<SpeedupObservation> one{{2, 1.6}};
    EXPECT_NEAR(fitAmdahl(one).serialFraction, 0.25, 1e-9);
    EXPECT_FALSE(fitAmdahl(one).standardError.has_value());
}

TEST(Amdahl, FitAgainstANonSerialBaseRecoversF) {
    // Speedups measured against a 2-resource base follow A(f,p) / A(f,2).
    std::vector<SpeedupObservation> obs;
    for (double p : {2.0, 4.0, 8.0}) obs.push_back({p, amdahlSpeedup(0.2, p) / amdahlSpeedup(0.2, 2)});
    EXPECT_NEAR(fitAmdahl(obs, 2).serialFraction, 0.2, 1e-9);
}

TEST(Amdahl, FitNeedsAPointBesidesTheBase) {
    const std::vector<SpeedupObservation> onlyBase{{1, 1.0}};
    try {
        fitAmdahl(onlyBase);
        FAIL();
    } catch (const oversub::InputError& e) {
        EXPECT_EQ(e.field(), "points");
    }
}

TEST(Amdahl, NoisySweepFitsWithinItsStatedRange) {
    // Walls generated from f = 0.1 (T1 = 10 s), each point's median off by a
    // few percent and its repetitions spread +-5 % around it.
    const double f = 0.1, t1 = 10.0;
    const std::vector<std::pair<int, double>> pointsAndNoise{{1, 1.0}, {2, 1.03}, {4, 0.97}, {8, 1.04}};
    std::vector<ScalingPoint> pts;
    for (auto [p, noise] : pointsAndNoise) {
        const double median = t1 * (f + (1 - f) / p) * noise;
        pts.push_back({"workers=" + std::to_string(p), p, 1, wallAround(median, median * 0.95, median * 1.05), ""});
    }
    const auto a = analyzeScaling(pts);
    ASSERT_TRUE(a.amdahl.has_value());
    const auto& fit = *a.amdahl;
    EXPECT_EQ(fit.pointsUsed, 3u);
    EXPECT_LE(fit.low, fit.serialFraction);
    EXPECT_GE(fit.high, fit.serialFraction);
    EXPECT_LE(fit.low, f);
    EXPECT_GE(fit.high, f);
    EXPECT_NEAR(fit.serialFraction, f, 0.05);
    // The slowest repetitions imply more serial work than the fastest.
    EXPECT_GT(fit.fromSlowest, fit.fromFastest);
    // Karp-Flatt per point: hand-computed from the point's median.
    const double s2 = 10.0 / (t1 * (f + (1 - f) / 2) * 1.03);
    EXPECT_NEAR(*a.points[1].karpFlatt, (1 / s2 - 0.5) / 0.5, 1e-12);
}

TEST(Amdahl, NoFitWhenEveryPointHasTheBaseResources) {
    const std::vector<ScalingPoint> pts{{"a", 1, 1, wallAround(1, 1, 1), ""}, {"b", 1, 1, wallAround(2, 2, 2), ""}};
    const auto a = analyzeScaling(pts);
    EXPECT_FALSE(a.amdahl.has_value());
    EXPECT_NE(a.amdahlNote.find("no Amdahl fit"), std::string::npos);
}

TEST(Amdahl, OversubscribedPointsStayOutOfTheFit) {
    // 1x1, 2x1 on 2 PUs with f = 0.1; 2x2 (4 threads) oversubscribed and slower.
    const std::vector<ScalingPoint> pts{{"1x1", 1, 1, wallAround(10, 10, 10), ""},
                                        {"2x1", 2, 1, wallAround(5.5, 5.5, 5.5), ""},
                                        {"2x2", 2, 2, wallAround(6.5, 6.5, 6.5), ""}};
    const auto a = analyzeScaling(pts, 2);
    ASSERT_TRUE(a.amdahl.has_value());
    EXPECT_EQ(a.amdahl->pointsUsed, 1u);
    EXPECT_NEAR(a.amdahl->serialFraction, 0.1, 1e-9);
    EXPECT_NEAR(a.points[2].speedup, 10 / 6.5, 1e-12); // still has its speedup
    // Without the PU count every point enters, and the fit is dragged up.
    const auto everyPoint = analyzeScaling(pts);
    ASSERT_TRUE(everyPoint.amdahl.has_value());
    EXPECT_GT(everyPoint.amdahl->serialFraction, 0.2);
    // Only oversubscribed points beside the base: no fit, and the note says why.
    const std::vector<ScalingPoint> over{{"2x1", 2, 1, wallAround(5, 5, 5), ""},
                                         {"2x2", 2, 2, wallAround(6, 6, 6), ""}};
    const auto none = analyzeScaling(over, 2);
    EXPECT_FALSE(none.amdahl.has_value());
    EXPECT_NE(none.amdahlNote.find("allowed PUs"), std::string::npos) << none.amdahlNote;
}
