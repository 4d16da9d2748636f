// `duration` end to end: a run that leaves tasks to it carries the tasks
// chosen and the calibration in run_started and sweep_started and says
// "calibrated: N tasks for ~D s"; a sweep is calibrated once, every run
// with the same tasks; --tasks wins; a bad --duration is refused before
// anything runs, naming the flag's knob. The durations are tiny: nothing
// here depends on how long a run took.

#include "events/event.h"
#include "experiment/experiment.h"

#include "cli_process.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace oversub;
using testing::HasSubstr;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-calibration-");
    return dir.path() + "/" + name;
}

std::vector<std::string> tiny(const std::string& command, std::vector<std::string> extra) {
    std::vector<std::string> out{command, "--workload", "gemm", "--size", "40", "--delivery", "generate"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

} // namespace

TEST(CalibrationCli, ARunLeftToDurationSaysWhatItChoseAndRecordsIt) {
    const std::string eventsPath = tempPath("run.jsonl");
    const auto r = test::runCli(tiny("run", {"--workers", "2", "--duration", "0.2", "--events", eventsPath}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto all = test::readEventsFile(eventsPath);
    const auto runs = test::eventsOfKind<events::RunStarted>(all);
    ASSERT_EQ(runs.size(), 1u);
    const Experiment ran = experimentFromJson(runs[0].experiment);
    ASSERT_TRUE(ran.calibration);
    EXPECT_GE(ran.tasks, 2);
    EXPECT_EQ(ran.tasks % 2, 0);
    EXPECT_EQ(ran.calibration->tasks, ran.tasks);
    EXPECT_EQ(ran.calibration->targetSeconds, 0.2);
    EXPECT_GT(ran.calibration->probeSecondsPerTask, 0);
    const auto started = test::eventsOfKind<events::SweepStarted>(all);
    ASSERT_EQ(started.size(), 1u);
    EXPECT_EQ(experimentFromJson(started[0].experiment), ran);
    EXPECT_THAT(r.out, HasSubstr("calibrated: " + std::to_string(ran.tasks) + " tasks for ~0.2 s")) << r.out;
    EXPECT_THAT(r.out, HasSubstr(std::to_string(ran.tasks) + " tasks, 2 workers")) << r.out;
}

TEST(CalibrationCli, ASweepIsCalibratedOnceAndEveryRunDoesTheSameTasks) {
    const std::string eventsPath = tempPath("sweep.jsonl");
    const auto r = test::runCli(tiny(
        "sweep", {"--workers", "1,2", "--duration", "0.1", "--repeat", "2", "--warmup", "0", "--events", eventsPath}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto runs = test::eventsOfKind<events::RunStarted>(test::readEventsFile(eventsPath));
    ASSERT_EQ(runs.size(), 4u);
    const Experiment first = experimentFromJson(runs[0].experiment);
    ASSERT_TRUE(first.calibration);
    EXPECT_EQ(first.calibration->point, "workers=1") << "the slowest point sets the count";
    for (const auto& run : runs) {
        const Experiment e = experimentFromJson(run.experiment);
        EXPECT_EQ(e.tasks, first.tasks) << run.label;
        ASSERT_TRUE(e.calibration) << run.label;
        EXPECT_EQ(*e.calibration, *first.calibration) << run.label << ": calibrated again";
    }
    EXPECT_EQ(r.out.find("calibrated:"), r.out.rfind("calibrated:")) << "said once: " << r.out;
}

TEST(CalibrationCli, ExplicitTasksWinOverDuration) {
    const std::string eventsPath = tempPath("explicit.jsonl");
    const auto r = test::runCli(tiny("run", {"--duration", "0.2", "--tasks", "3", "--quiet", "--events", eventsPath}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto runs = test::eventsOfKind<events::RunStarted>(test::readEventsFile(eventsPath));
    ASSERT_EQ(runs.size(), 1u);
    const Experiment ran = experimentFromJson(runs[0].experiment);
    EXPECT_EQ(ran.tasks, 3);
    EXPECT_FALSE(ran.calibration);
    EXPECT_FALSE(runs[0].experiment.contains("calibration"));
}

TEST(CalibrationCli, ABadDurationIsRefusedBeforeAnythingRuns) {
    for (const std::string bad : {"-1", "abc", "4000"}) {
        const auto r = test::runCli(tiny("run", {"--duration", bad, "--quiet"}));
        EXPECT_EQ(r.exitStatus, 2) << bad << ": " << r.err;
        EXPECT_THAT(r.err, HasSubstr("duration: '" + bad + "' is not allowed (allowed: 0-3600)")) << r.err;
    }
    const auto none = test::runCli(tiny("run", {"--duration", "0", "--quiet"}));
    EXPECT_EQ(none.exitStatus, 2) << none.err;
    EXPECT_THAT(none.err, HasSubstr("tasks: '0'")) << none.err;
}
