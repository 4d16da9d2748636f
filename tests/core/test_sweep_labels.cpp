// Point labels name what varies: knob=value for every axis with more than one
// value, and for long command lines the program and the words that differ,
// so every point of a command axis has a label of its own that a person
// reads in the table and a preset names in its claims; series are named the
// same way.

#include "experiment/experiment.h"
#include "experiment/series.h"
#include "experiment/sweep.h"
#include "presets/preset_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

using namespace oversub;

namespace {

std::vector<std::string> labelsOf(const std::vector<std::string>& commands) {
    Experiment e;
    e.sweep.axes.push_back({"command", commands});
    std::vector<std::string> labels;
    for (const auto& point : expandPoints(e)) labels.push_back(point.label);
    return labels;
}

TEST(SweepLabels, EveryKnobThatVariesIsNamed) {
    Experiment e;
    e.sweep.axes.push_back({"workers", {"1", "2"}});
    e.sweep.axes.push_back({"threads", {"1"}});
    e.sweep.axes.push_back({"affinity", {"single", "scatter"}});
    const auto points = expandPoints(e);
    ASSERT_EQ(points.size(), 4u);
    EXPECT_EQ(points[0].label, "workers=1 affinity=single");
    EXPECT_EQ(points[3].label, "workers=2 affinity=scatter");
}

TEST(SweepLabels, TheOwnScriptPresetsPointsAreTheScriptAndItsCure) {
    const auto& preset = presets::presetByName("your-own-script");
    const auto points = expandPoints(preset.experiment);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].label, "command=pool_matmul.py");
    EXPECT_EQ(points[1].label, "command=pool_matmul.py --cure");
    ASSERT_EQ(preset.expectations.size(), 1u);
    EXPECT_EQ(preset.expectations[0].baseline, points[0].label);
    EXPECT_EQ(preset.expectations[0].point, points[1].label);
    // The series (each its own: a command is not a parallelism knob) are named as the points are.
    EXPECT_EQ(sweepSeriesName(preset.experiment.sweep, points[0].experiment), points[0].label);
    EXPECT_EQ(sweepSeriesName(preset.experiment.sweep, points[1].experiment), points[1].label);
}

TEST(SweepLabels, LongCommandsAreTheProgramAndWhatDiffers) {
    // Different scripts: each its own name.
    EXPECT_THAT(labelsOf({"python3 /home/me/bench/first_script.py --workers {workers} --size {size}",
                          "python3 /home/me/bench/second_script.py --workers {workers} --size {size}"}),
                testing::ElementsAre("command=first_script.py", "command=second_script.py"));
    // One option's value differs: the option stays with it.
    EXPECT_THAT(labelsOf({"{python} {resources}/scripts/pool_matmul.py --mode fast --workers {workers}",
                          "{python} {resources}/scripts/pool_matmul.py --mode slow --workers {workers}"}),
                testing::ElementsAre("command=pool_matmul.py --mode fast", "command=pool_matmul.py --mode slow"));
    // Three values, one of them the plain script.
    EXPECT_THAT(
        labelsOf({"./solver --input /data/big-matrix.mtx", "./solver --input /data/big-matrix.mtx --fast",
                  "./solver --input /data/big-matrix.mtx --fast --threads {threads}"}),
        testing::ElementsAre("command=solver", "command=solver --fast", "command=solver --fast --threads {threads}"));
}

TEST(SweepLabels, LabelsThatWouldCollideShowMoreAndShortValuesStayWhole) {
    // The same file name in two folders: the folders tell them apart.
    EXPECT_THAT(labelsOf({"python3 /data/run_a/model.py --workers {workers} --size {size}",
                          "python3 /data/run_b/model.py --workers {workers} --size {size}"}),
                testing::ElementsAre("command=/data/run_a/model.py", "command=/data/run_b/model.py"));
    EXPECT_THAT(labelsOf({"sh -c 'echo 1,2'", "sh -c 'echo 3'"}),
                testing::ElementsAre("command=sh -c 'echo 1,2'", "command=sh -c 'echo 3'"));
    const auto labels = labelsOf({"python3 very/long/path/to/one/script.py --flag", "true",
                                  "python3 very/long/path/to/one/script.py --flag --other"});
    EXPECT_EQ(std::set<std::string>(labels.begin(), labels.end()).size(), 3u);
    EXPECT_EQ(labels[1], "command=true");
}

} // namespace
