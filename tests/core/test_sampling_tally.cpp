// Facts about SamplingTally: the rate kept is ticks over the span they
// cover, the longest gap is the widest interval between two ticks.

#include "conductor/sampling_tally.h"

#include <gtest/gtest.h>

using oversub::conductor::SamplingTally;

TEST(SamplingTally, KeptRateAndLongestGapFromTheTicks) {
    SamplingTally tally;
    tally.setRequestedHz(10);
    for (double t : {0.1, 0.2, 0.3, 0.7, 0.8}) tally.tick(t); // one 0.4 s gap
    const auto stats = tally.stats();
    ASSERT_TRUE(stats.has_value());
    EXPECT_DOUBLE_EQ(stats->requestedHz, 10);
    EXPECT_NEAR(stats->achievedHz, 4 / 0.7, 1e-9);
    EXPECT_NEAR(stats->longestGapSeconds, 0.4, 1e-9);
    EXPECT_EQ(stats->samples, 5);
}

TEST(SamplingTally, NothingToSayWithoutARateOrWithOneTick) {
    SamplingTally unsampled;
    unsampled.tick(0.1);
    unsampled.tick(0.2);
    EXPECT_FALSE(unsampled.stats().has_value()); // no rate asked
    SamplingTally once;
    once.setRequestedHz(10);
    once.tick(0.1);
    EXPECT_FALSE(once.stats().has_value());
}
