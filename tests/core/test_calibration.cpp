// `duration` (experiment/calibration.h, runner/calibration.h): the count
// chosen from given probe figures makes probe time per task x tasks / PUs
// about the target, a multiple of the workers; tasks given explicitly are
// never touched; a sweep is calibrated once and every point gets the same
// tasks; bad durations are refused naming the field, the value and what is
// allowed. No assertion here depends on how fast anything ran.

#include "experiment/calibration.h"
#include "experiment/experiment.h"
#include "experiment/sweep.h"
#include "machine/topology.h"
#include "runner/calibration.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace oversub;
using nlohmann::json;

namespace {

// Within half a multiple of the target: the count is rounded to whole multiples.
void expectNearTarget(double probe, int parallel, double target, int64_t multiple) {
    const int64_t tasks = calibratedTasks(probe, parallel, target, multiple, 1000000);
    SCOPED_TRACE("probe " + std::to_string(probe) + " s, parallel " + std::to_string(parallel) + ", target " +
                 std::to_string(target) + " s, multiple " + std::to_string(multiple));
    EXPECT_EQ(tasks % multiple, 0) << tasks;
    EXPECT_GE(tasks, multiple);
    const double lasts = probe * static_cast<double>(tasks) / parallel;
    EXPECT_LE(std::abs(lasts - target), probe * static_cast<double>(multiple) / parallel / 2 + 1e-9)
        << tasks << " tasks last " << lasts << " s";
}

Experiment tinyGemm() {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 24;
    e.workers = 1;
    e.threads = 1;
    e.delivery = Delivery::Generate;
    e.durationSeconds = 0.05;
    return e;
}

const Topology& twoPus() {
    static const Topology topology = Topology::fromSynthetic("pack:1 core:2 pu:1");
    return topology;
}

void expectRefused(const json& j, const std::string& field, const std::string& value) {
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

TEST(Calibration, TasksTimesProbeOverParallelIsAboutTheTarget) {
    EXPECT_EQ(calibratedTasks(0.2, 2, 4.0, 1, 1000000), 40); // 0.2 s x 40 / 2 = 4 s
    EXPECT_EQ(calibratedTasks(0.1, 1, 4.0, 2, 1000000), 40);
    EXPECT_EQ(calibratedTasks(0.3, 2, 4.0, 4, 1000000), 28); // 26.7 wanted: 7 x 4
    expectNearTarget(0.16, 2, 4.0, 2);
    expectNearTarget(0.013, 8, 2.0, 8);
    expectNearTarget(1.7, 3, 4.0, 3);
    expectNearTarget(0.002, 64, 4.0, 64);
    // Inputs the conductor builds one after another count whole: 0.03 s + 0.04 s / 2 a task.
    EXPECT_EQ(calibratedTasks(0.04, 2, 4.0, 2, 1000000, nullptr, 0.03), 80);
}

TEST(Calibration, AtLeastOneTaskPerWorkerAndNoMoreThanAllowed) {
    EXPECT_EQ(calibratedTasks(30.0, 1, 4.0, 2, 1000000), 2); // one slow task each
    bool limited = false;
    EXPECT_EQ(calibratedTasks(1e-6, 2, 4.0, 4, 1000, &limited), 1000);
    EXPECT_TRUE(limited);
    EXPECT_EQ(calibratedTasks(1e-6, 2, 4.0, 3, 1000, &limited), 999); // still a multiple
    EXPECT_EQ(calibratedTasks(0.1, 2, 4.0, 2, 1000000, &limited), 80);
    EXPECT_FALSE(limited);
    EXPECT_EQ(calibratedTasks(0.0, 2, 4.0, 2, 1000000), 2); // no probe figure: one task a worker
}

TEST(Calibration, RecordRoundTripsInTheExperiment) {
    Experiment e = tinyGemm();
    Calibration c;
    c.targetSeconds = 4;
    c.probeSecondsPerTask = 0.16;
    c.prepareSecondsPerTask = 0.02;
    c.probeTasks = 2;
    c.probeSeconds = 0.33;
    c.parallel = 2;
    c.tasks = 50;
    c.point = "workers=1";
    c.limitedBy = "memory";
    e.tasks = 50;
    e.calibration = c;
    const json j = toJson(e);
    EXPECT_EQ(j["calibration"]["tasks"], 50);
    EXPECT_EQ(j["calibration"]["probe_s_per_task"], 0.16);
    EXPECT_EQ(experimentFromJson(j), e);
    EXPECT_FALSE(toJson(tinyGemm()).contains("calibration"));
    EXPECT_EQ(calibrationSummary(c).rfind("calibrated: 50 tasks for ~4 s", 0), 0u) << calibrationSummary(c);
}

TEST(Calibration, ExplicitTasksWinInFilesAndAreNeverCalibrated) {
    // A tasks from 1 is explicit, whatever the duration says.
    const Experiment fromFile = experimentFromJson(json{{"tasks", 6}, {"duration", 4.0}});
    EXPECT_EQ(fromFile.tasks, 6);
    Experiment base = fromFile;
    base.workload = Workload::Gemm;
    base.size = 24;
    auto points = expandPoints(base);
    EXPECT_FALSE(runner::calibratePoints(base, points, twoPus()));
    EXPECT_EQ(points.front().experiment.tasks, 6);
    EXPECT_FALSE(points.front().experiment.calibration);
    // Files older than duration, which all carried tasks, run as they did.
    EXPECT_EQ(experimentFromJson(json{{"tasks", 8}}).tasks, 8);
    // tasks 0 is left to duration.
    EXPECT_EQ(experimentFromJson(json{{"duration", 4.0}}).tasks, 0);
}

TEST(Calibration, ASweepIsCalibratedOnceAndEveryPointGetsTheSameTasks) {
    Experiment base = tinyGemm();
    base.sweep.axes = {{"workers", {"1", "2"}}, {"threads", {"1", "2"}}};
    auto points = expandPoints(base);
    ASSERT_EQ(points.size(), 4u);
    const auto c = runner::calibratePoints(base, points, twoPus());
    ASSERT_TRUE(c);
    EXPECT_GE(c->probeTasks, 1);
    EXPECT_EQ(c->parallel, 1); // the slowest point: one worker, one thread
    EXPECT_EQ(c->point, points.front().label);
    EXPECT_EQ(c->tasks % 2, 0) << "a multiple of every point's workers";
    EXPECT_EQ(base.tasks, c->tasks);
    for (const auto& p : points) {
        EXPECT_EQ(p.experiment.tasks, c->tasks) << p.label;
        ASSERT_TRUE(p.experiment.calibration) << p.label;
        EXPECT_EQ(*p.experiment.calibration, *c) << p.label;
    }
    // Calibrated points are explicit now: a second pass changes nothing.
    EXPECT_FALSE(runner::calibratePoints(base, points, twoPus()));
}

TEST(Calibration, OnlyBuiltInKernelsAreCalibrated) {
    Experiment e = tinyGemm();
    e.command = "true {workers}";
    EXPECT_FALSE(runner::calibrateExperiment(e, twoPus()));
    EXPECT_EQ(e.tasks, 0);
}

TEST(Calibration, BadDurationsAreRefusedNamingTheFieldTheValueAndWhatIsAllowed) {
    expectRefused(json{{"duration", -1}}, "duration", "-1");
    expectRefused(json{{"duration", 4000}}, "duration", "4000");
    expectRefused(json{{"duration", "long"}}, "duration", "long");
    expectRefused(json{{"duration", 0}}, "tasks", "0"); // nothing would choose the tasks
    expectRefused(json{{"tasks", -2}}, "tasks", "-2");
    Experiment e = defaults();
    EXPECT_THROW(setKnob(e, "duration", "nan"), InputError);
    EXPECT_THROW(setKnob(e, "duration", "-0.5"), InputError);
    EXPECT_EQ(e, defaults());
    e.command = "prog --tasks {tasks}";
    try {
        validateSinglePoint(e);
        ADD_FAILURE() << "a command's {tasks} was left to duration";
    } catch (const InputError& error) {
        EXPECT_EQ(error.field(), "tasks") << error.what();
        EXPECT_NE(std::string(error.what()).find("{tasks}"), std::string::npos) << error.what();
    }
}
