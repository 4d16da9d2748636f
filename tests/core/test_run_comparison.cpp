// Two runs side by side (export/run_comparison.h): the knobs that differ,
// the run's figures with their difference and ratio, and each finding's
// evidence from both runs, absent where a run lacks it.
#include "export/run_comparison.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace oversub {
namespace {

RunRecord narrowedRun() {
    RunRecord r;
    r.experiment.workers = 2;
    r.experiment.threads = 1;
    r.done.wallSeconds = 4.0;
    r.done.phases.prepareSeconds = 0.5;
    r.done.phases.computeSeconds = 3.0;
    r.done.findings.push_back({"affinity-narrowed",
                               "problem",
                               "All workers share PU 0.",
                               {{"allowed_pus", 1}, {"pus", {0}}, {"mean_busy_pct", 98.5}}});
    return r;
}

RunRecord curedRun() {
    RunRecord r = narrowedRun();
    r.experiment.workers = 2; // same: not listed
    r.experiment.threads = 2; // differs: listed
    r.done.wallSeconds = 2.0;
    r.done.phases.computeSeconds = 1.5;
    r.done.findings = {{"good-scaling", "info", "Scales.", {{"speedup", 1.9}}}};
    return r;
}

const ComparedValue* find(const std::vector<ComparedValue>& rows, const std::string& section, const std::string& name) {
    const auto it = std::find_if(rows.begin(), rows.end(),
                                 [&](const ComparedValue& v) { return v.section == section && v.name == name; });
    return it == rows.end() ? nullptr : &*it;
}

TEST(RunComparison, OnlyTheKnobsThatDifferAreListed) {
    const auto rows = compareRuns(narrowedRun(), curedRun());
    const ComparedValue* threads = find(rows, kComparisonKnobsSection, "threads");
    ASSERT_NE(threads, nullptr);
    EXPECT_EQ(*threads->a, 1);
    EXPECT_EQ(*threads->b, 2);
    EXPECT_EQ(find(rows, kComparisonKnobsSection, "workers"), nullptr);
    for (const auto& v : rows) {
        if (v.section != kComparisonKnobsSection) continue;
        EXPECT_FALSE(v.same()) << v.name;
    }
}

TEST(RunComparison, RunFiguresCarryDifferenceAndRatio) {
    const auto rows = compareRuns(narrowedRun(), curedRun());
    const ComparedValue* wall = find(rows, kComparisonRunSection, "wall_s");
    ASSERT_NE(wall, nullptr);
    EXPECT_DOUBLE_EQ(*wall->difference, -2.0);
    EXPECT_DOUBLE_EQ(*wall->ratio, 0.5);
    const ComparedValue* timed = find(rows, kComparisonRunSection, "timed_s");
    ASSERT_NE(timed, nullptr);
    EXPECT_DOUBLE_EQ(*timed->difference, (2.0 - 0.5) - (4.0 - 0.5));
    const ComparedValue* compute = find(rows, kComparisonRunSection, "phases.compute_s");
    ASSERT_NE(compute, nullptr);
    EXPECT_DOUBLE_EQ(*compute->ratio, 0.5);
    // A zero on A's side has a difference but no ratio.
    const ComparedValue* spawn = find(rows, kComparisonRunSection, "phases.spawn_s");
    ASSERT_NE(spawn, nullptr);
    EXPECT_TRUE(spawn->difference.has_value());
    EXPECT_FALSE(spawn->ratio.has_value());
    EXPECT_EQ(*find(rows, kComparisonRunSection, "status")->a, "ok");
    // What was changed first, then what happened, in the order a reader asks.
    EXPECT_EQ(rows[0].section, kComparisonKnobsSection);
    std::vector<std::string> figures;
    for (const auto& v : rows)
        if (v.section == kComparisonRunSection && figures.size() < 4) figures.push_back(v.name);
    EXPECT_EQ(figures, (std::vector<std::string>{"status", "wall_s", "timed_s", "phases.prepare_s"}));
}

TEST(RunComparison, EachFindingOfEitherRunWithItsEvidenceFromBoth) {
    const auto rows = compareRuns(narrowedRun(), curedRun());
    // A's finding first, then B's, each with its own row before its evidence.
    std::vector<std::string> order;
    for (const auto& v : rows)
        if (v.section != kComparisonRunSection && v.section != kComparisonKnobsSection)
            order.push_back(v.section + "/" + v.name);
    const std::vector<std::string> expected{"affinity-narrowed/",
                                            "affinity-narrowed/allowed_pus",
                                            "affinity-narrowed/mean_busy_pct",
                                            "affinity-narrowed/pus",
                                            "good-scaling/",
                                            "good-scaling/speedup"};
    EXPECT_EQ(order, expected);
    const ComparedValue* narrowed = find(rows, "affinity-narrowed", "");
    EXPECT_EQ(*narrowed->a, "problem");
    EXPECT_FALSE(narrowed->b.has_value()); // the cured run has no such finding
    const ComparedValue* busy = find(rows, "affinity-narrowed", "mean_busy_pct");
    EXPECT_EQ(*busy->a, 98.5);
    EXPECT_FALSE(busy->b.has_value());
    EXPECT_FALSE(busy->difference.has_value());
    const ComparedValue* speedup = find(rows, "good-scaling", "speedup");
    EXPECT_FALSE(speedup->a.has_value());
    EXPECT_EQ(*speedup->b, 1.9);
}

TEST(RunComparison, NestedEvidenceIsFlattenedAndSharedKeysLineUp) {
    RunRecord a = narrowedRun(), b = narrowedRun();
    a.done.findings[0].evidence = {{"gauge", {{"runnable", 4}, {"allowed", 1}}}};
    b.done.findings[0].evidence = {{"gauge", {{"runnable", 4}, {"allowed", 2}}}};
    const auto rows = compareRuns(a, b);
    const ComparedValue* allowed = find(rows, "affinity-narrowed", "gauge.allowed");
    ASSERT_NE(allowed, nullptr);
    EXPECT_DOUBLE_EQ(*allowed->difference, 1);
    EXPECT_DOUBLE_EQ(*allowed->ratio, 2);
    EXPECT_TRUE(find(rows, "affinity-narrowed", "gauge.runnable")->same());
}

TEST(RunComparison, ValuesReadAsATableShowsThem) {
    EXPECT_EQ(describeValue(3.14159265), "3.142");
    EXPECT_EQ(describeValue(2), "2");
    EXPECT_EQ(describeValue("scatter"), "scatter");
    EXPECT_EQ(describeValue(nlohmann::json::array({0, 1})), "[0, 1]");
    EXPECT_EQ(describeValue(nlohmann::json(std::vector<int>(512, 1))), "[512 values]");
    EXPECT_EQ(describeValue(nullptr), "-");
    EXPECT_EQ(describeValue(true), "yes");
}

} // namespace
} // namespace oversub
