// The sweep-wide advisor rules: slower than serial, a failed point, good
// scaling at the widest point (and an efficiency above 100 % said to be
// noise), superlinear speedups named as measurements to doubt.

#include "analysis/advisor.h"

#include "finding_lookup.h"

#include <gtest/gtest.h>

using namespace oversub;
using namespace oversub::analysis;
using oversub::test::find;
using oversub::test::has;

namespace {

std::vector<SeriesScaling> sweepOf(std::vector<std::tuple<int, int, double>> points) {
    std::vector<ScalingPoint> pts;
    for (auto [w, t, wall] : points) {
        Summary s;
        s.count = 1;
        s.median = s.min = s.max = s.mean = wall;
        pts.push_back({"workers=" + std::to_string(w) + " threads=" + std::to_string(t), w, t, s, ""});
    }
    auto analysis = analyzeScaling(pts);
    const std::string base = analysis.points[analysis.baseIndex].label;
    return {SeriesScaling{"", base, std::move(analysis)}};
}

SweepAdviceContext pus(int allowed, int warmups = 1) { return {allowed, warmups}; }

} // namespace

TEST(AdvisorSweep, SlowerThanSerialNamesThePoints) {
    const auto s = sweepOf({{1, 1, 1.0}, {1, 2, 0.9}, {2, 2, 1.27}});
    const auto findings = adviseSweep(s, {}, pus(2));
    const Finding* f = find(findings, kSlowerThanSerial);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("workers=2 threads=2"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("1x1"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["points"].size(), 1u);
}

TEST(AdvisorSweep, NothingSlowerIsSilent) {
    EXPECT_FALSE(has(adviseSweep(sweepOf({{1, 1, 1.0}, {2, 1, 0.6}}), {}, pus(2)), kSlowerThanSerial));
}

TEST(AdvisorSweep, RunFailedPerPoint) {
    const std::vector<SweepPointOutcome> outcomes{
        {"workers=1", 3, 0, ""}, {"workers=2", 3, 1, "worker 1 (pid 77) killed by SIGSEGV during task 3"}};
    const auto findings = adviseSweep({}, outcomes, pus(2));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].id, kRunFailed);
    EXPECT_EQ(findings[0].severity, "problem");
    EXPECT_NE(findings[0].text.find("1 of 3 runs of 'workers=2' failed"), std::string::npos) << findings[0].text;
    EXPECT_NE(findings[0].text.find("SIGSEGV"), std::string::npos);
}

TEST(AdvisorSweep, GoodScalingAtTheWidestPointWithinThePus) {
    const auto s = sweepOf({{1, 1, 1.0}, {2, 1, 0.52}, {4, 1, 0.55}});
    const auto findings = adviseSweep(s, {}, pus(2));
    const Finding* f = find(findings, kGoodScaling);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->evidence["point"], "workers=2 threads=1"); // 4 workers exceed the 2 PUs
    EXPECT_NEAR(f->evidence["efficiency"].get<double>(), 1.0 / 0.52 / 2, 1e-12);
}

TEST(AdvisorSweep, PoorEfficiencyIsNotGoodScaling) {
    EXPECT_FALSE(has(adviseSweep(sweepOf({{1, 1, 1.0}, {2, 1, 0.8}}), {}, pus(2)), kGoodScaling));
}

TEST(AdvisorSweep, SuperlinearIsAFindingNotPraise) {
    // 2.78x on 2 PUs from a cold 1x1 base: the case seen with no warm-up.
    const auto s = sweepOf({{1, 1, 1.0}, {2, 1, 1.0 / 2.78}});
    const auto findings = adviseSweep(s, {}, pus(2, 0));
    EXPECT_FALSE(has(findings, kGoodScaling));
    const Finding* f = find(findings, kSuperlinear);
    ASSERT_NE(f, nullptr);
    EXPECT_NEAR(f->evidence["speedup"].get<double>(), 2.78, 1e-9);
    EXPECT_DOUBLE_EQ(f->evidence["possible_speedup"].get<double>(), 2.0);
    EXPECT_NE(f->text.find("cold base"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("caches"), std::string::npos) << f->text;
    // With warm-ups the cold base is not named; within 5 % of ideal nothing fires.
    const auto warmFindings = adviseSweep(s, {}, pus(2, 1));
    const Finding* warm = find(warmFindings, kSuperlinear);
    ASSERT_NE(warm, nullptr);
    EXPECT_EQ(warm->text.find("cold base"), std::string::npos) << warm->text;
    EXPECT_FALSE(has(adviseSweep(sweepOf({{1, 1, 1.0}, {2, 1, 1.0 / 2.09}}), {}, pus(2)), kSuperlinear));
}

TEST(AdvisorSweep, AnEfficiencyAboveIdealWithinNoiseIsSaidToBeNoise) {
    // 2.08x on 2 PUs (104 %): within the 5 % tolerance, praised but explained.
    const auto findings = adviseSweep(sweepOf({{1, 1, 1.0}, {2, 1, 1.0 / 2.08}}), {}, pus(2));
    EXPECT_FALSE(has(findings, kSuperlinear));
    const Finding* f = find(findings, kGoodScaling);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("above 100 % is measurement noise"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["above_ideal_within_noise"], true);
    // At or below 100 % nothing is said about noise.
    const auto ideal = adviseSweep(sweepOf({{1, 1, 1.0}, {2, 1, 1.0 / 1.9}}), {}, pus(2));
    ASSERT_NE(find(ideal, kGoodScaling), nullptr);
    EXPECT_EQ(find(ideal, kGoodScaling)->text.find("noise"), std::string::npos);
    EXPECT_EQ(find(ideal, kGoodScaling)->evidence["above_ideal_within_noise"], false);
}

TEST(AdvisorSweep, SuperlinearAboveThePusCountsOnlyUsablePus) {
    // Base 2x1 on 2 PUs; 2x2 cannot gain anything: 1.2x is superlinear.
    const auto s = sweepOf({{2, 1, 1.0}, {2, 2, 1.0 / 1.2}});
    const auto findings = adviseSweep(s, {}, pus(2));
    const Finding* f = find(findings, kSuperlinear);
    ASSERT_NE(f, nullptr);
    EXPECT_DOUBLE_EQ(f->evidence["possible_speedup"].get<double>(), 1.0);
    // On 4 PUs the same 1.2x is below the possible 2x.
    EXPECT_FALSE(has(adviseSweep(s, {}, pus(4)), kSuperlinear));
}

TEST(AdvisorSweep, FailedBaseSaysSoAndComputesNothing) {
    const std::vector<SeriesScaling> series{{"workload=svd", "workload=svd workers=1", std::nullopt}};
    const auto findings = adviseSweep(series, {}, pus(2));
    const Finding* f = find(findings, kBaseFailed);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("workload=svd workers=1"), std::string::npos) << f->text;
}
