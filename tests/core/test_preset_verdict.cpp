// Preset claims are judged from measured medians, with the numbers in the
// sentence, and an effect that did not appear is said so.
#include "presets/preset_verdict.h"

#include <gtest/gtest.h>

using namespace oversub;

namespace {

analysis::SweepSummary summaryOf(std::vector<std::pair<std::string, double>> medians) {
    analysis::SweepSummary s;
    for (auto& [label, median] : medians) {
        analysis::PointSummary p;
        p.label = label;
        if (median > 0) p.timedSeconds = analysis::Summary{3, median, median, median, median, 0};
        s.points.push_back(p);
    }
    return s;
}

presets::Preset presetWith(std::string claim) {
    presets::Preset p;
    p.expectations.push_back({"affinity=scatter", "affinity=single", std::move(claim)});
    return p;
}

} // namespace

TEST(PresetVerdict, FasterClaimHoldsWithRatioInText) {
    auto v = presets::checkExpectations(presetWith("faster"),
                                        summaryOf({{"affinity=single", 0.6}, {"affinity=scatter", 0.3}}));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_TRUE(v[0].measured);
    EXPECT_TRUE(v[0].holds);
    EXPECT_DOUBLE_EQ(v[0].ratio, 2.0);
    EXPECT_NE(v[0].text.find("2.00x faster"), std::string::npos) << v[0].text;
    EXPECT_EQ(v[0].text.find("did not appear"), std::string::npos) << v[0].text;
}

TEST(PresetVerdict, EffectThatDidNotAppearIsSaid) {
    auto v = presets::checkExpectations(presetWith("faster"),
                                        summaryOf({{"affinity=single", 0.50}, {"affinity=scatter", 0.49}}));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_FALSE(v[0].holds);
    EXPECT_NE(v[0].text.find("within 5%"), std::string::npos) << v[0].text;
    EXPECT_NE(v[0].text.find("did not appear on this machine"), std::string::npos) << v[0].text;
}

TEST(PresetVerdict, NotSlowerToleratesNoiseButNotALoss) {
    auto same = presets::checkExpectations(presetWith("not-slower"),
                                           summaryOf({{"affinity=single", 1.0}, {"affinity=scatter", 1.03}}));
    EXPECT_TRUE(same[0].holds);
    auto lost = presets::checkExpectations(presetWith("not-slower"),
                                           summaryOf({{"affinity=single", 1.0}, {"affinity=scatter", 1.5}}));
    EXPECT_FALSE(lost[0].holds);
    EXPECT_NE(lost[0].text.find("1.50x slower"), std::string::npos) << lost[0].text;
}

TEST(PresetVerdict, FailedPointIsNotMeasured) {
    auto v = presets::checkExpectations(presetWith("faster"),
                                        summaryOf({{"affinity=single", 0.0}, {"affinity=scatter", 0.3}}));
    EXPECT_FALSE(v[0].measured);
    EXPECT_FALSE(v[0].holds);
    EXPECT_NE(v[0].text.find("Not measured"), std::string::npos);
}
