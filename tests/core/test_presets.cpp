// Every compiled-in preset loads, validates, names a sweep whose expected
// points exist, and stays within what a 2-core box runs in seconds.
#include "experiment/sweep.h"
#include "presets/preset_library.h"
#include "presets/preset_sources.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

using namespace oversub;

TEST(Presets, EveryPresetFileIsCompiledIn) {
    size_t files = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(OVERSUB_SOURCE_DIR) + "/resources/presets"))
        if (entry.path().extension() == ".json") ++files;
    EXPECT_EQ(presets::presetSources().size(), files);
    EXPECT_EQ(presets::builtinPresets().size(), files);
}

TEST(Presets, TheSeedsStoriesAreAllThere) {
    for (const char* name : {"default", "inherited-affinity", "data-delivery", "processes-x-threads",
                             "memory-vs-compute", "full-sweep", "your-own-script"})
        EXPECT_NO_THROW(presets::presetByName(name)) << name;
}

TEST(Presets, NamesAreUniqueAndTextsPresent) {
    std::set<std::string> names;
    for (const auto& p : presets::builtinPresets()) {
        EXPECT_TRUE(names.insert(p.name).second) << p.name;
        EXPECT_GT(p.story.size(), 40u) << p.name;
        EXPECT_NE(p.question.find('?'), std::string::npos) << p.name << ": a question asks something";
    }
}

TEST(Presets, ExpectationsNameRealSweepPoints) {
    for (const auto& p : presets::builtinPresets()) {
        std::set<std::string> labels;
        for (const auto& point : expandPoints(p.experiment)) labels.insert(point.label);
        for (const auto& x : p.expectations) {
            EXPECT_TRUE(labels.count(x.point)) << p.name << ": no point " << x.point;
            EXPECT_TRUE(labels.count(x.baseline)) << p.name << ": no point " << x.baseline;
        }
    }
}

TEST(Presets, StoryPresetsContrastTheKnobTheyTeach) {
    auto axisOf = [](const std::string& name) {
        std::vector<std::string> knobs;
        for (const auto& a : presets::presetByName(name).experiment.sweep.axes) knobs.push_back(a.knob);
        return knobs;
    };
    EXPECT_EQ(axisOf("inherited-affinity"), std::vector<std::string>{"affinity"});
    EXPECT_EQ(presets::presetByName("inherited-affinity").experiment.sweep.axes[0].values,
              (std::vector<std::string>{"single", "scatter"}));
    EXPECT_EQ(axisOf("data-delivery"), (std::vector<std::string>{"delivery", "result"}));
    EXPECT_EQ(axisOf("processes-x-threads"), (std::vector<std::string>{"workload", "threads"}));
    EXPECT_EQ(axisOf("memory-vs-compute"), (std::vector<std::string>{"workload", "workers"}));
    EXPECT_EQ(axisOf("full-sweep"), (std::vector<std::string>{"workers", "threads"}));
    EXPECT_EQ(axisOf("your-own-script"), std::vector<std::string>{"command"});
}

// The seed's own program: the Pool script started with one PU allowed, once
// as it is and once with its one-line cure, so the command is the axis.
TEST(Presets, YourOwnScriptRunsThePoolScriptNarrowedThenCured) {
    const auto& p = presets::presetByName("your-own-script");
    EXPECT_EQ(p.experiment.affinity, AffinityPolicy::Single) << "both runs start narrowed to one PU";
    EXPECT_EQ(p.experiment.workers, 2);
    const auto& values = p.experiment.sweep.axes.at(0).values;
    ASSERT_EQ(values.size(), 2u);
    const std::string plain = values[0];
    // {python}: a Python that has NumPy, found before anything runs (external/python_finder.h).
    EXPECT_EQ(plain.rfind("{python} {resources}/scripts/pool_matmul.py --workers {workers}", 0), 0u) << plain;
    EXPECT_EQ(values[1], plain + " --cure") << "the cure is the only difference";
    EXPECT_EQ(plain.find("--cure"), std::string::npos);
    EXPECT_TRUE(
        std::filesystem::is_regular_file(std::string(OVERSUB_SOURCE_DIR) + "/resources/scripts/pool_matmul.py"));

    const auto points = expandPoints(p.experiment);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].experiment.command, values[0]);
    EXPECT_EQ(points[1].experiment.command, values[1]);
    // Long command lines are told apart by the script's name and what differs.
    EXPECT_EQ(points[0].label, "command=pool_matmul.py");
    EXPECT_EQ(points[1].label, "command=pool_matmul.py --cure");
    ASSERT_EQ(p.expectations.size(), 1u);
    EXPECT_EQ(p.expectations[0].point, points[1].label);
    EXPECT_EQ(p.expectations[0].baseline, points[0].label);
    EXPECT_EQ(p.expectations[0].claim, "faster");
    // Two points x (1 warm-up + 3 runs) of a script that takes about a second.
    EXPECT_LE(points.size() * static_cast<size_t>(p.experiment.warmup + p.experiment.repeat), 8u);
    EXPECT_GT(p.experiment.timeoutSeconds, 0) << "a class must not wait forever on a hung script";
}

// A command axis comes from a list of whole command lines: commas inside a
// command do not split it, and other text knobs still refuse several values.
TEST(Presets, CommandIsASweepAxisOfWholeCommandLines) {
    const auto experiment = experimentFromJson(nlohmann::json::parse(R"({"sweep": [{"knob": "command", "values":
        ["sh -c 'echo 1,2'", "sh -c 'echo 3'"]}]})"));
    const auto points = expandPoints(experiment);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].experiment.command, "sh -c 'echo 1,2'");
    EXPECT_EQ(points[1].label, "command=sh -c 'echo 3'");
    EXPECT_EQ(parseSweepList("command", "a,b"), std::vector<std::string>{"a,b"});
    try {
        experimentFromJson(nlohmann::json::parse(R"({"sweep": [{"knob": "cpus", "values": ["0", "1"]}]})"));
        FAIL() << "cpus is not an axis";
    } catch (const InputError& error) {
        EXPECT_EQ(error.field(), "sweep");
        EXPECT_EQ(error.value(), "cpus");
    }
}

TEST(Presets, UnknownNameListsTheKnownOnes) {
    try {
        presets::presetByName("no-such-preset");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "preset");
        EXPECT_NE(std::string(e.what()).find("inherited-affinity"), std::string::npos) << e.what();
    }
}

// Run (F5) on a loaded preset runs its base experiment: that must be one of
// the points its sweep shows, or the window demonstrates something the story
// never mentions (inherited-affinity once ran the cure, scattered).
TEST(Presets, RunShowsAPointOfTheSweep) {
    for (const auto& p : presets::builtinPresets()) {
        for (const auto& axis : p.experiment.sweep.axes) {
            if (axis.knob == "command") continue;
            const std::string base = getKnob(p.experiment, axis.knob);
            EXPECT_TRUE(std::find(axis.values.begin(), axis.values.end(), base) != axis.values.end())
                << p.name << ": Run uses " << axis.knob << " " << base << ", which its sweep never shows";
        }
    }
    EXPECT_EQ(presets::presetByName("inherited-affinity").experiment.affinity, AffinityPolicy::Single)
        << "Run shows the bug the preset demonstrates; its banner offers the fix";
}
