// Statistics of repetitions: known vectors, warm-ups left out, bad input named.

#include "analysis/statistics.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace oversub::analysis;

TEST(Statistics, OddCountMedianIsTheMiddleValue) {
    const std::vector<double> v{3.0, 1.0, 2.0};
    const Summary s = summarize(v);
    EXPECT_EQ(s.count, 3u);
    EXPECT_DOUBLE_EQ(s.median, 2.0);
    EXPECT_DOUBLE_EQ(s.min, 1.0);
    EXPECT_DOUBLE_EQ(s.max, 3.0);
    EXPECT_DOUBLE_EQ(s.mean, 2.0);
    EXPECT_DOUBLE_EQ(s.stddev, 1.0); // sample stddev: sqrt((1 + 0 + 1) / 2)
}

TEST(Statistics, EvenCountMedianIsTheMeanOfTheTwoMiddleValues) {
    const std::vector<double> v{4.0, 1.0, 3.0, 2.0};
    const Summary s = summarize(v);
    EXPECT_DOUBLE_EQ(s.median, 2.5);
    EXPECT_DOUBLE_EQ(s.mean, 2.5);
    EXPECT_NEAR(s.stddev, std::sqrt(5.0 / 3.0), 1e-12);
}

TEST(Statistics, KnownVectorStandardDeviation) {
    // The classic example: population stddev 2, sample stddev sqrt(32/7).
    const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};
    const Summary s = summarize(v);
    EXPECT_DOUBLE_EQ(s.mean, 5.0);
    EXPECT_DOUBLE_EQ(s.median, 4.5);
    EXPECT_NEAR(s.stddev, std::sqrt(32.0 / 7.0), 1e-12);
}

TEST(Statistics, SingleValueHasZeroSpread) {
    const std::vector<double> v{0.25};
    const Summary s = summarize(v);
    EXPECT_EQ(s.count, 1u);
    EXPECT_DOUBLE_EQ(s.median, 0.25);
    EXPECT_DOUBLE_EQ(s.min, 0.25);
    EXPECT_DOUBLE_EQ(s.max, 0.25);
    EXPECT_DOUBLE_EQ(s.stddev, 0.0);
}

TEST(Statistics, WarmupsAreExcluded) {
    const std::vector<Repetition> reps{{10.0, true}, {1.0, false}, {3.0, false}, {2.0, false}};
    const Summary s = summarizeMeasured(reps);
    EXPECT_EQ(s.count, 3u);
    EXPECT_DOUBLE_EQ(s.max, 3.0);
    EXPECT_DOUBLE_EQ(s.median, 2.0);
}

TEST(Statistics, OnlyWarmupsIsAnErrorNamingTheField) {
    const std::vector<Repetition> reps{{1.0, true}};
    try {
        summarizeMeasured(reps);
        FAIL() << "expected InputError";
    } catch (const oversub::InputError& e) {
        EXPECT_EQ(e.field(), "repetitions");
    }
}

TEST(Statistics, EmptyAndNonFiniteAreRejected) {
    EXPECT_THROW(summarize(std::vector<double>{}), oversub::InputError);
    EXPECT_THROW(median({}), oversub::InputError);
    const std::vector<double> withNan{1.0, std::numeric_limits<double>::quiet_NaN()};
    EXPECT_THROW(summarize(withNan), oversub::InputError);
}

TEST(Statistics, MedianFunctionMatchesSummary) {
    EXPECT_DOUBLE_EQ(median({5, 1, 4, 2}), 3.0);
    EXPECT_DOUBLE_EQ(median({7}), 7.0);
}
