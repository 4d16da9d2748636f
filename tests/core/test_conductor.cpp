// runExperiment, the conductor's public entry point: placement decides where
// workers run (and they run there), the events it emits are the stream's
// own (every line parses back with core's parser, in the documented order),
// failures come out as an error event and a distinct exit status, and bad
// experiments are refused before anything starts.

#include "events/event.h"
#include "machine/affinity.h"
#include "placement/placement.h"
#include "runner/conductor.h"

#include "proc_checks.h"
#include "shm_descriptors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "topology/cache_fit.h"

using namespace oversub;
using namespace oversub::conductor;

namespace {

// Writes every event as a JSON line and parses it back, as the window would.
struct LineSink : EventSink {
    std::vector<std::string> lines;
    std::vector<events::Event> parsed;
    void emit(const events::Event& event) override {
        lines.push_back(events::toJsonLine(event));
        parsed.push_back(events::parseEventLine(lines.back()));
    }
    template <typename T>
    std::vector<T> all() const {
        std::vector<T> out;
        for (const auto& e : parsed)
            if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
        return out;
    }
};

const Topology& machine() {
    static const Topology topology = Topology::load();
    return topology;
}

Experiment small() {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 40;
    e.tasks = 4;
    e.workers = 2;
    e.threads = 1;
    e.schedule = Schedule::Static; // faults below name tasks of a known worker
    e.delivery = Delivery::Fork;
    e.result = ResultReturn::Scalar;
    e.rateHz = 50;
    return e;
}

RunRequest request(const Experiment& e, int run = 0) {
    RunRequest r;
    r.experiment = e;
    r.runIndex = run;
    return r;
}

} // namespace

TEST(RunExperiment, ScatterPutsWorkersWherePlacementSaysAndTheyStayThere) {
    Experiment e = small();
    e.affinity = AffinityPolicy::Scatter;
    const Placement expected = place({e.workers, e.threads, AffinityPolicy::Scatter, {}}, machine().info());
    if (machine().info().allowed.count() == 2) {
        // This 2-PU box: one worker per PU.
        EXPECT_EQ(expected.workers.at(0).cpuset, CpuSet::fromVector({0}));
        EXPECT_EQ(expected.workers.at(1).cpuset, CpuSet::fromVector({1}));
    }
    LineSink sink;
    const RunOutcome outcome = runExperiment(request(e), machine(), sink);
    ASSERT_EQ(outcome.status, RunStatus::Ok) << (outcome.error ? outcome.error->message : "");
    const auto ready = sink.all<events::WorkerReady>();
    ASSERT_EQ(ready.size(), 2u);
    for (const auto& r : ready) {
        EXPECT_EQ(r.cpuset, expected.workers.at(static_cast<size_t>(r.worker)).cpuset.toList());
        EXPECT_EQ(r.requestedCpuset, r.cpuset);
    }
    std::set<std::string> distinct;
    for (const auto& w : outcome.done.workers) distinct.insert(w.cpuset);
    EXPECT_EQ(distinct.size(), std::min<size_t>(2, static_cast<size_t>(machine().info().allowed.count())));
}

// On a 2-PU host one worker per PU is what scatter and compact both give;
// on a synthetic two-package machine they differ, so each policy is checked
// against its own PUs there. A synthetic topology binds nothing (the run
// goes on, on the PUs it inherited): what the conductor asked for is the
// worker_ready event's requested cpuset.
TEST(RunExperiment, OnASyntheticMachineScatterAndCompactAskForTheirOwnPus) {
    const Topology synthetic = Topology::fromSynthetic("pack:2 core:4 pu:2"); // PUs 0-15, core c = PUs 2c, 2c+1
    struct Case {
        AffinityPolicy policy;
        std::vector<std::string> requested; // per worker, 2 threads each
    };
    const Case cases[] = {
        // Scatter: packages first, then cores: each thread a core of its own.
        {AffinityPolicy::Scatter, {"0,4", "8,12"}},
        // Compact: PUs in logical order, SMT siblings together.
        {AffinityPolicy::Compact, {"0-1", "2-3"}},
    };
    const std::string inherited = currentAffinity(0).toList();
    for (const Case& c : cases) {
        SCOPED_TRACE(toString(c.policy));
        Experiment e = small();
        e.affinity = c.policy;
        e.threads = 2;
        LineSink sink;
        const RunOutcome outcome = runExperiment(request(e), synthetic, sink);
        ASSERT_EQ(outcome.status, RunStatus::Ok) << (outcome.error ? outcome.error->message : "");
        auto ready = sink.all<events::WorkerReady>();
        ASSERT_EQ(ready.size(), 2u);
        std::sort(ready.begin(), ready.end(), [](const auto& a, const auto& b) { return a.worker < b.worker; });
        for (const auto& r : ready) {
            EXPECT_EQ(r.requestedCpuset, c.requested.at(static_cast<size_t>(r.worker))) << "worker " << r.worker;
            EXPECT_EQ(r.cpuset, inherited) << "worker " << r.worker << ": a synthetic machine binds nothing";
        }
    }
}

// Reads each worker's affinity from the kernel the moment it reports ready
// (it is alive then: it waits for its tasks).
struct AffinityCheckingSink : LineSink {
    std::map<int, std::string> kernelSays; // worker -> sched_getaffinity(pid) as a cpu list
    void emit(const events::Event& event) override {
        if (const auto* ready = std::get_if<events::WorkerReady>(&event))
            kernelSays[ready->worker] = currentAffinity(ready->pid).toList();
        LineSink::emit(event);
    }
};

TEST(RunExperiment, SingleAffinityPutsEveryWorkerOnTheSamePuAndTheKernelAgrees) {
    Experiment e = small();
    e.affinity = AffinityPolicy::Single;
    e.workers = 3;
    AffinityCheckingSink sink;
    const RunOutcome outcome = runExperiment(request(e), machine(), sink);
    ASSERT_EQ(outcome.status, RunStatus::Ok) << (outcome.error ? outcome.error->message : "");
    const auto ready = sink.all<events::WorkerReady>();
    ASSERT_EQ(ready.size(), 3u);
    const std::string pu = std::to_string(machine().info().allowed.first());
    for (const auto& r : ready) {
        EXPECT_EQ(r.cpuset, pu) << "worker " << r.worker;
        EXPECT_EQ(sink.kernelSays.at(r.worker), pu) << "worker " << r.worker;
    }
}

TEST(RunExperiment, RunDoneSaysWhereATasksDataLives) {
    Experiment e = small();
    e.workload = Workload::Elementwise;
    e.size = 300;
    LineSink sink;
    const RunOutcome outcome = runExperiment(request(e), machine(), sink);
    ASSERT_EQ(outcome.status, RunStatus::Ok);
    // Element-wise: an input and an output of 300 x 300 doubles.
    EXPECT_EQ(outcome.done.workingSetBytes, 2u * 300 * 300 * 8);
    EXPECT_EQ(outcome.done.fitsIn, cacheFit(outcome.done.workingSetBytes, 2, machine().info()).level);
    EXPECT_EQ(sink.all<events::RunDone>().at(0).fitsIn, outcome.done.fitsIn); // written and read back
}

TEST(RunExperiment, EventsParseBackInTheDocumentedOrder) {
    LineSink sink;
    const RunOutcome outcome = runExperiment(request(small(), 7), machine(), sink);
    ASSERT_EQ(outcome.status, RunStatus::Ok);
    ASSERT_FALSE(sink.parsed.empty());
    EXPECT_EQ(events::eventName(sink.parsed.front()), "run_started");
    EXPECT_EQ(events::eventName(sink.parsed.back()), "run_done");
    EXPECT_EQ(sink.all<events::WorkerReady>().size(), 2u);
    EXPECT_EQ(sink.all<events::TaskDone>().size(), 4u);
    EXPECT_GE(sink.all<events::Sample>().size(), 1u);
    EXPECT_TRUE(sink.all<events::Error>().empty());
    const auto done = sink.all<events::RunDone>().at(0);
    EXPECT_EQ(done.run, 7);
    EXPECT_EQ(done, outcome.done);
    EXPECT_EQ(done.workers.size(), 2u);
    int64_t tasks = 0;
    for (const auto& w : done.workers) tasks += w.tasks;
    EXPECT_EQ(tasks, 4);
    for (const auto& t : sink.all<events::TaskDone>()) {
        EXPECT_EQ(t.run, 7);
        EXPECT_LE(t.t0Seconds, t.t1Seconds);
        EXPECT_LE(t.t1Seconds, done.wallSeconds);
    }
    // Samples carry the workers' threads by worker index.
    bool sawWorkerThread = false;
    for (const auto& s : sink.all<events::Sample>())
        for (const auto& t : s.snapshot.threads) sawWorkerThread |= t.worker >= 0;
    EXPECT_TRUE(sawWorkerThread);
}

TEST(RunExperiment, SamplesCoverTheRunFromBeforePrepareToTheLastTaskWithNoZeroInterval) {
    LineSink sink;
    Experiment e = small();
    // A few ticks at 50 Hz on a fast machine too: 2 GFLOP, about 0.1 s on
    // one core at 20 GFLOP/s (8 tasks of n = 200 once lasted 11 ms, one tick).
    e.size = 400;
    e.tasks = 16;
    const RunOutcome outcome = runExperiment(request(e), machine(), sink);
    ASSERT_EQ(outcome.status, RunStatus::Ok);
    const auto samples = sink.all<events::Sample>();
    ASSERT_GE(samples.size(), 2u);
    // The first tick covers the run from before its inputs were built (the
    // sampler is primed when sampling starts, not by the first emitted tick).
    const auto& first = samples.front().snapshot;
    EXPECT_LE(first.tSeconds - first.intervalSeconds, outcome.done.phases.prepareSeconds);
    for (size_t i = 0; i < samples.size(); ++i) {
        const auto& s = samples[i].snapshot;
        EXPECT_GT(s.intervalSeconds, 0.0) << "sample " << i << " at " << s.tSeconds << " s";
        // Consecutive ticks leave no gap: each interval starts where the previous tick was.
        if (i > 0) {
            EXPECT_NEAR(s.tSeconds - s.intervalSeconds, samples[i - 1].snapshot.tSeconds, 1e-6);
        }
    }
    double lastTaskEnd = 0;
    for (const auto& t : sink.all<events::TaskDone>()) lastTaskEnd = std::max(lastTaskEnd, t.t1Seconds);
    EXPECT_GE(samples.back().snapshot.tSeconds, lastTaskEnd);
}

TEST(RunExperiment, CrashGivesAnErrorEventBeforeRunDoneAndItsOwnExitStatus) {
    Experiment e = small();
    e.fault = "segv@worker=1";
    LineSink sink;
    const RunOutcome outcome = runExperiment(request(e), machine(), sink);
    EXPECT_EQ(outcome.status, RunStatus::Failed);
    EXPECT_EQ(outcome.exitCode, ExitCode::WorkerCrashed);
    ASSERT_TRUE(outcome.error.has_value());
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::WorkerCrashed);
    EXPECT_EQ(outcome.error->signal, "SIGSEGV");
    EXPECT_EQ(outcome.error->worker, 1);
    EXPECT_EQ(outcome.error->task, 2);
    ASSERT_GE(sink.parsed.size(), 2u);
    EXPECT_EQ(events::eventName(sink.parsed[sink.parsed.size() - 2]), "error");
    EXPECT_EQ(events::eventName(sink.parsed.back()), "run_done");
    EXPECT_EQ(sink.all<events::RunDone>().at(0).status, RunStatus::Failed);
    EXPECT_TRUE(std::isnan(outcome.done.checksum));
    EXPECT_THAT(test::openShmSegmentDescriptors(), testing::IsEmpty());
}

TEST(RunExperiment, TimeoutHasItsOwnStatusAndExitCode) {
    Experiment e = small();
    e.fault = "hang";
    e.timeoutSeconds = 0.2;
    LineSink sink;
    const RunOutcome outcome = runExperiment(request(e), machine(), sink);
    EXPECT_EQ(outcome.status, RunStatus::Timeout) << (outcome.error ? outcome.error->message : "");
    EXPECT_EQ(outcome.exitCode, ExitCode::TimedOut);
    ASSERT_TRUE(outcome.error.has_value());
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::Timeout);
}

TEST(RunExperiment, BadExperimentIsRefusedBeforeAnythingStarts) {
    Experiment e = small();
    e.affinity = AffinityPolicy::Custom;
    e.cpus = "0;999";
    LineSink sink;
    try {
        runExperiment(request(e), machine(), sink);
        FAIL() << "a cpu list naming PU 999 was accepted";
    } catch (const InputError& error) {
        EXPECT_EQ(error.field(), "cpus");
    }
    EXPECT_TRUE(sink.lines.empty());
}

TEST(RunExperiment, MemoryPreflightRefusesBeforeAnyFork) {
    Experiment e = small();
    e.size = 20000; // 6.4 GB of input a task
    e.tasks = 4096;
    e.delivery = Delivery::Pipe;
    LineSink sink;
    EXPECT_THROW(runExperiment(request(e), machine(), sink), MemoryRefused);
    EXPECT_TRUE(sink.lines.empty());
}
