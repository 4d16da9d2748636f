// Every compiled-in preset loads, validates, names a sweep whose expected
// points exist, and stays within what a 2-core box runs in seconds.
#include "experiment/sweep.h"
#include "presets/preset_library.h"
#include "presets/preset_sources.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

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
                             "memory-vs-compute", "full-sweep"})
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
