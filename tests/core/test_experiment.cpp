// Facts about the experiment: defaults come from the knob table, every knob is
// reachable by name, JSON and files round-trip exactly, and every bad field
// is refused with an error naming the key, the value and what is allowed.

#include "experiment/experiment.h"
#include "knobs/knob_table.h"
#include "util/input_error.h"

#include "process_temp_dir.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace oversub;
using nlohmann::json;

namespace {

Experiment fullyNonDefault() {
    Experiment e;
    e.workload = Workload::Svd;
    e.size = 257;
    e.pastCache = 4;
    e.iterations = 3;
    e.tasks = 17;
    e.durationSeconds = 2.5;
    e.workers = 4;
    e.threads = 2;
    e.schedule = Schedule::Static;
    e.chunk = 5;
    e.affinity = AffinityPolicy::Custom;
    e.cpus = "0;1;0-1;0x3";
    e.delivery = Delivery::Shm;
    e.result = ResultReturn::Full;
    e.seed = 4294967295u;
    e.repeat = 3;
    e.warmup = 2;
    e.timeoutSeconds = 0.1;
    e.rateHz = 12.5;
    e.command = "python3 \"my script.py\" {workers}\n";
    e.fault = "kill@worker=3,task=7";
    e.sweep.axes = {{"threads", {"1", "2"}}, {"delivery", {"pipe", "fork", "shm"}}};
    e.preset = {{"title", "Delivery"},
                {"story", "m = m * m"},
                {"question", "Which is faster?"},
                {"lesson", "fork"},
                {"steps", json::array({1, 2})}};
    return e;
}

// Removed with the process, even when an assertion ends a test early.
std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-experiment-");
    return dir.path() + "/" + name;
}

void expectInputError(const json& j, const std::string& field, const std::string& value) {
    SCOPED_TRACE(j.dump());
    try {
        experimentFromJson(j);
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), field) << e.what();
        EXPECT_EQ(e.value(), value) << e.what();
        EXPECT_FALSE(e.allowed().empty()) << e.what();
    }
}

} // namespace

TEST(Experiment, DefaultsEqualTheKnobTableDefaults) {
    const Experiment e = defaults();
    EXPECT_EQ(e, Experiment{});
    for (const auto& k : knobTable()) EXPECT_EQ(getKnob(e, k.name), k.defaultValue) << k.name;
    EXPECT_EQ(e.workload, Workload::Gemm);
    EXPECT_EQ(e.workers, 2);
    EXPECT_EQ(e.tasks, 0); // left to duration: a probe makes the run last about 4 s
    EXPECT_EQ(e.durationSeconds, 4);
    EXPECT_EQ(e.size, 1000);
}

TEST(Experiment, EveryKnobCanBeSetAndReadBackByName) {
    const Experiment full = fullyNonDefault();
    Experiment e;
    for (const auto& k : knobTable()) {
        const std::string value = getKnob(full, k.name);
        EXPECT_NE(value, k.defaultValue) << k.name << " is not exercised";
        setKnob(e, k.name, value);
        EXPECT_EQ(getKnob(e, k.name), value);
    }
    e.sweep = full.sweep;
    e.preset = full.preset;
    EXPECT_EQ(e, full);
}

TEST(Experiment, SetKnobRejectsAndLeavesTheExperimentUnchanged) {
    Experiment e;
    EXPECT_THROW(setKnob(e, "workers", "0"), InputError);
    EXPECT_THROW(setKnob(e, "delivery", "pickle"), InputError);
    EXPECT_THROW(setKnob(e, "nope", "1"), InputError);
    EXPECT_EQ(e, defaults());
}

TEST(Experiment, JsonRoundTripsDefaultAndFullyNonDefault) {
    for (const Experiment& e : {defaults(), fullyNonDefault()}) {
        const json j = toJson(e);
        const Experiment back = experimentFromJson(j);
        EXPECT_EQ(back, e);
        EXPECT_EQ(toJson(back), j);
        EXPECT_EQ(toJson(experimentFromJson(json::parse(j.dump()))), j);
    }
}

TEST(Experiment, JsonShape) {
    const json j = toJson(defaults());
    EXPECT_EQ(j["schema"], 1);
    EXPECT_EQ(j["workers"], 2);
    EXPECT_EQ(j["workload"], "gemm");
    EXPECT_TRUE(j["timeout"].is_number_float());
    EXPECT_FALSE(j.contains("fault")); // hidden knobs at default stay out
    EXPECT_FALSE(j.contains("sweep"));
    EXPECT_FALSE(j.contains("preset"));
    const json full = toJson(fullyNonDefault());
    EXPECT_EQ(full["sweep"][0]["knob"], "threads");
    EXPECT_EQ(full["sweep"][0]["values"], json::array({1, 2}));
    EXPECT_EQ(full["fault"], "kill@worker=3,task=7");
}

TEST(Experiment, MissingKeysTakeDefaults) {
    const Experiment e = experimentFromJson(json{{"workers", 3}});
    Experiment expected;
    expected.workers = 3;
    EXPECT_EQ(e, expected);
}

TEST(Experiment, FileRoundTrip) {
    const std::string path = tempPath("experiment.json");
    for (const Experiment& e : {defaults(), fullyNonDefault()}) {
        saveExperimentFile(path, e);
        EXPECT_EQ(loadExperimentFile(path), e);
    }
    std::remove(path.c_str());
}

TEST(Experiment, EveryBadFieldIsNamed) {
    expectInputError(json{{"wrokers", 2}}, "wrokers", "2");
    expectInputError(json{{"workers", "two"}}, "workers", "two");
    expectInputError(json{{"workers", 2.5}}, "workers", "2.5");
    expectInputError(json{{"workers", true}}, "workers", "true");
    expectInputError(json{{"workers", 0}}, "workers", "0");
    expectInputError(json{{"workers", 5000}}, "workers", "5000");
    expectInputError(json{{"workers", 18446744073709551615ull}}, "workers", "18446744073709551615");
    expectInputError(json{{"timeout", -1.5}}, "timeout", "-1.5");
    expectInputError(json{{"rate", "fast"}}, "rate", "fast");
    expectInputError(json{{"delivery", "pickle"}}, "delivery", "pickle");
    expectInputError(json{{"delivery", 1}}, "delivery", "1");
    expectInputError(json{{"cpus", "0-"}}, "cpus", "0-");
    expectInputError(json{{"fault", "explode"}}, "fault", "explode");
    expectInputError(json{{"schema", 2}}, "schema", "2");
    expectInputError(json{{"preset", "x"}}, "preset", "x");
    expectInputError(json{{"preset", {{"title", 3}}}}, "preset.title", "3");
    expectInputError(json{{"sweep", {{"workers", 1}}}}, "sweep", "{\"workers\":1}");
    expectInputError(json{{"sweep", json::array({{{"knob", "workers"}, {"values", {1, 0}}}})}}, "workers", "0");
    expectInputError(json{{"sweep", json::array({{{"knob", "repeat"}, {"values", {1, 2}}}})}}, "sweep", "repeat");
    expectInputError(json::array({1}), "experiment", "[1]");
    // Cross-knob checks.
    expectInputError(json{{"affinity", "custom"}}, "cpus", "");
    expectInputError(json{{"affinity", "scatter"}, {"cpus", "0;1"}}, "cpus", "0;1"); // would be ignored
    expectInputError(json{{"fault", "segv@worker=2"}, {"workers", 2}}, "fault", "segv@worker=2");
}

TEST(Experiment, FileErrorsNameTheFileAndTheField) {
    const std::string path = tempPath("bad.json");
    { std::ofstream(path) << R"({"workers": 0})"; }
    try {
        loadExperimentFile(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), path + ": workers");
        EXPECT_EQ(e.value(), "0");
        EXPECT_EQ(e.allowed(), "1-4096");
    }
    { std::ofstream(path) << R"({"workers": )"; }
    try {
        loadExperimentFile(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), path);
        EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos);
    }
    std::remove(path.c_str());
    try {
        loadExperimentFile(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), path);
        EXPECT_NE(std::string(e.what()).find("cannot read"), std::string::npos);
    }
}

// The window shows the same message as the CLI: it names fields and values,
// never a CLI flag the window has no place for.
TEST(Experiment, CpusWithoutCustomAffinityIsRefusedInWordsBothFrontEndsUse) {
    Experiment e;
    e.cpus = "0;1";
    try {
        validateSinglePoint(e);
        FAIL() << "cpus without affinity custom was accepted";
    } catch (const InputError& error) {
        const std::string text = error.what();
        EXPECT_NE(text.find("set affinity to custom, or leave cpus empty"), std::string::npos) << text;
        EXPECT_EQ(text.find("--"), std::string::npos) << text;
    }
}
