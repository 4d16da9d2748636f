// The conductor's engine (runBuiltin) against real forked workers on this
// machine, with cpusets given directly: checksums equal a serial run for
// every delivery and result mode, every task runs exactly once under both
// schedules, workers really run where they say, failures are named, and
// nothing of a run (process or /dev/shm segment) outlives it.

#include "conductor/builtin_run.h"
#include "conductor/cancellation.h"
#include "conductor/serial_run.h"
#include "machine/affinity.h"

#include "proc_checks.h"
#include "shm_descriptors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <map>

#include <pthread.h>

using namespace oversub;
using namespace oversub::conductor;

namespace {

struct Recorder : RunObserver {
    std::vector<WorkerReport> ready;
    std::vector<TaskReport> tasks;
    std::map<int, CpuSet> affinityWhileRunning; // worker -> sched_getaffinity(pid) seen from here
    int samples = 0;
    std::function<void(const TaskReport&)> onTask;

    void onWorkerReady(const WorkerReport& r) override {
        ready.push_back(r);
        affinityWhileRunning[r.worker] = currentAffinity(r.pid);
    }
    void onTaskDone(const TaskReport& t, int64_t, int64_t) override {
        tasks.push_back(t);
        if (onTask) onTask(t);
    }
    void onSample(const sampler::Snapshot&) override { ++samples; }

    std::vector<int> pids() const {
        std::vector<int> out;
        for (const auto& r : ready) out.push_back(r.pid);
        return out;
    }
};

Experiment smallExperiment() {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 48;
    e.iterations = 1;
    e.tasks = 5;
    e.workers = 2;
    e.threads = 1;
    e.schedule = Schedule::Static;
    e.delivery = Delivery::Fork;
    e.result = ResultReturn::Scalar;
    e.rateHz = 0;
    return e;
}

RunPlacement everyWorkerOn(const Experiment& e, const CpuSet& cpus) {
    RunPlacement plan;
    plan.cpusets.assign(static_cast<size_t>(e.workers), cpus);
    return plan;
}

const Topology& machine() {
    static const Topology topology = Topology::load();
    return topology;
}

void expectNothingLeft(const Recorder& recorder) {
    EXPECT_TRUE(test::waitUntilAllGone(recorder.pids(), 2000)) << "worker processes outlived the run";
    EXPECT_THAT(test::openShmSegmentDescriptors(), testing::IsEmpty());
}

RunReport run(const Experiment& e, Recorder& recorder, RunPlacement plan = {}) {
    if (plan.cpusets.empty()) plan = everyWorkerOn(e, machine().info().allowed);
    return runBuiltin(e, machine(), plan, recorder);
}

} // namespace

class DeliveryModes : public testing::TestWithParam<std::tuple<Delivery, ResultReturn>> {};

TEST_P(DeliveryModes, ChecksumEqualsASerialRun) {
    Experiment e = smallExperiment();
    e.delivery = std::get<0>(GetParam());
    e.result = std::get<1>(GetParam());
    Recorder recorder;
    const RunReport report = run(e, recorder);
    ASSERT_EQ(report.failure.kind, FailureKind::None) << report.failure.message;
    EXPECT_EQ(report.tasksDone, e.tasks);
    EXPECT_EQ(report.checksum, serialChecksum(e)); // bit-identical: same inputs, same order
    expectNothingLeft(recorder);
}

INSTANTIATE_TEST_SUITE_P(AllModes, DeliveryModes,
                         testing::Combine(testing::Values(Delivery::Pipe, Delivery::Fork, Delivery::Shm,
                                                          Delivery::Generate),
                                          testing::Values(ResultReturn::Full, ResultReturn::Scalar)),
                         [](const auto& param) {
    return std::string(toString(std::get<0>(param.param))) + "_" + std::string(toString(std::get<1>(param.param)));
});

class Schedules : public testing::TestWithParam<Schedule> {};

TEST_P(Schedules, EveryTaskRunsExactlyOnce) {
    Experiment e = smallExperiment();
    e.schedule = GetParam();
    e.tasks = 11;
    e.workers = 3;
    e.chunk = 2;
    e.delivery = Delivery::Pipe;
    Recorder recorder;
    const RunReport report = run(e, recorder);
    ASSERT_EQ(report.failure.kind, FailureKind::None) << report.failure.message;
    std::vector<int64_t> seen;
    for (const auto& t : recorder.tasks) seen.push_back(t.task);
    std::sort(seen.begin(), seen.end());
    std::vector<int64_t> expected(static_cast<size_t>(e.tasks));
    for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int64_t>(i);
    EXPECT_EQ(seen, expected);
    int64_t perWorkerSum = 0;
    for (const auto& w : report.workers) perWorkerSum += w.tasks;
    EXPECT_EQ(perWorkerSum, e.tasks);
    if (GetParam() == Schedule::Static) {
        // Contiguous chunks: worker w ran tasks of its own range only (4, 4, 3).
        for (const auto& t : recorder.tasks) {
            const int64_t first = t.worker == 0 ? 0 : t.worker == 1 ? 4 : 8;
            EXPECT_GE(t.task, first);
            EXPECT_LT(t.task, first + (t.worker == 2 ? 3 : 4));
        }
    }
    expectNothingLeft(recorder);
}

INSTANTIATE_TEST_SUITE_P(Both, Schedules, testing::Values(Schedule::Static, Schedule::Dynamic),
                         [](const auto& param) { return std::string(toString(param.param)); });

TEST(Conductor, SinglePuWorkersReportThePuTheKernelShowsWhileTheyRun) {
    Experiment e = smallExperiment();
    e.workers = 2;
    const int pu = machine().info().allowed.first();
    Recorder recorder;
    const RunReport report = run(e, recorder, everyWorkerOn(e, CpuSet::fromVector({pu})));
    ASSERT_EQ(report.failure.kind, FailureKind::None) << report.failure.message;
    ASSERT_EQ(recorder.ready.size(), 2u);
    for (const auto& r : recorder.ready) {
        EXPECT_EQ(r.cpuset, CpuSet::fromVector({pu})) << "worker " << r.worker;
        EXPECT_EQ(recorder.affinityWhileRunning.at(r.worker), r.cpuset) << "worker " << r.worker;
    }
}

TEST(Conductor, WorkerKilledBySegvIsNamedWithItsTask) {
    Experiment e = smallExperiment();
    e.tasks = 6;
    e.fault = "segv@worker=1,task=4";
    Recorder recorder;
    const RunReport report = run(e, recorder);
    EXPECT_EQ(report.failure.kind, FailureKind::WorkerCrashed);
    EXPECT_EQ(report.failure.worker, 1);
    EXPECT_EQ(report.failure.signal, SIGSEGV);
    EXPECT_EQ(report.failure.task, 4);
    const std::string expected =
        "worker 1 (pid " + std::to_string(report.workers.at(1).pid) + ") killed by SIGSEGV during task 4";
    EXPECT_EQ(report.failure.message, expected);
    expectNothingLeft(recorder);
}

TEST(Conductor, WorkerSigkillFailsTheRunAndStopsTheOthers) {
    Experiment e = smallExperiment();
    e.fault = "kill@worker=0";
    e.delivery = Delivery::Shm;
    e.result = ResultReturn::Full;
    Recorder recorder;
    const RunReport report = run(e, recorder);
    EXPECT_EQ(report.failure.kind, FailureKind::WorkerCrashed);
    EXPECT_THAT(report.failure.message, testing::HasSubstr("killed by SIGKILL during task 0"));
    expectNothingLeft(recorder);
}

TEST(Conductor, NonZeroExitIsReportedWithItsStatus) {
    Experiment e = smallExperiment();
    e.fault = "exit@worker=1,task=3";
    Recorder recorder;
    const RunReport report = run(e, recorder);
    EXPECT_EQ(report.failure.kind, FailureKind::WorkerExited);
    EXPECT_THAT(report.failure.message, testing::HasSubstr("exited with status 3 during task 3"));
    expectNothingLeft(recorder);
}

TEST(Conductor, TimeoutEndsAHangingRun) {
    Experiment e = smallExperiment();
    e.fault = "hang@worker=1";
    e.timeoutSeconds = 0.3;
    e.delivery = Delivery::Shm;
    Recorder recorder;
    const RunReport report = run(e, recorder);
    EXPECT_EQ(report.failure.kind, FailureKind::Timeout);
    EXPECT_THAT(report.failure.message, testing::HasSubstr("timed out"));
    expectNothingLeft(recorder);
}

TEST(Conductor, SigintCancelsCleanly) {
    Experiment e = smallExperiment();
    e.fault = "hang@worker=0"; // the run would never end by itself
    e.delivery = Delivery::Shm;
    e.result = ResultReturn::Full;
    Recorder recorder;
    // Thread-directed: a process-wide SIGINT could land on a BLAS pool thread
    // of this test process and kill it.
    recorder.onTask = [](const TaskReport&) { pthread_kill(pthread_self(), SIGINT); };
    const RunReport report = run(e, recorder);
    EXPECT_EQ(report.failure.kind, FailureKind::Cancelled);
    EXPECT_THAT(report.failure.message, testing::HasSubstr("cancelled by SIGINT"));
    expectNothingLeft(recorder);
}

TEST(Conductor, PendingSigtermCancelsTheNextRunBeforeItStarts) {
    CancellationScope scope;
    pthread_kill(pthread_self(), SIGTERM);
    Recorder recorder;
    const RunReport report = run(smallExperiment(), recorder);
    EXPECT_EQ(report.failure.kind, FailureKind::Cancelled);
    EXPECT_TRUE(recorder.ready.empty());
    EXPECT_EQ(report.tasksDone, 0);
}

TEST(Conductor, WorkersReportPerWorkerStatsFromTheSampler) {
    Experiment e = smallExperiment();
    e.rateHz = 50;
    Recorder recorder;
    const RunReport report = run(e, recorder);
    ASSERT_EQ(report.failure.kind, FailureKind::None) << report.failure.message;
    for (const auto& w : report.workers) {
        EXPECT_GT(w.cpuS, 0) << "worker " << w.worker;
        EXPECT_GT(w.voluntaryCtxSwitches + w.involuntaryCtxSwitches, 0u) << "worker " << w.worker;
        ASSERT_TRUE(w.exit.has_value());
        EXPECT_TRUE(w.exit->exited && w.exit->exitStatus == 0);
    }
    EXPECT_GE(recorder.samples, 1); // at least the final tick
    EXPECT_GT(report.gflops, 0);
}
