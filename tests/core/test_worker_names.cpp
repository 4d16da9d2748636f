// Worker processes carry a name of their own: ps, top and htop show
// "oversub-worker" (their comm) instead of the conductor's (oversub-cli after the
// engine's re-exec), their OpenBLAS pool threads show "oversub-blas", and the
// sample events name the workers the same way, so the window's names are
// the ones ps shows. Read from /proc while the workers live: a worker that
// reported ready waits for its tasks, and the last sample is taken before
// the workers are released.

#include "conductor/builtin_run.h"
#include "events/event.h"
#include "runner/conductor.h"
#include "workloads/blas_threads.h"

#include "proc_checks.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace oversub;
using namespace oversub::conductor;

namespace {

constexpr const char* kWorkerName = "oversub-worker";
constexpr const char* kBlasName = "oversub-blas";

const Topology& machine() {
    static const Topology topology = Topology::load();
    return topology;
}

Experiment twoByTwo() {
    Experiment e;
    e.workload = Workload::Gemm;
    e.size = 64;
    e.tasks = 4;
    e.workers = 2;
    e.threads = 2; // a BLAS pool thread in every worker
    e.schedule = Schedule::Static;
    e.delivery = Delivery::Fork;
    e.result = ResultReturn::Scalar;
    e.rateHz = 50;
    return e;
}

std::string commOf(const std::string& path) {
    std::string text = test::readProcText(path);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

// The comm of every thread of every worker, read when it reports ready.
struct NameRecorder : RunObserver {
    std::map<int, std::string> processNames; // pid -> comm
    std::map<int, std::map<int, std::string>> threadNames; // pid -> tid -> comm
    void onWorkerReady(const WorkerReport& r) override {
        const std::string dir = "/proc/" + std::to_string(r.pid);
        processNames[r.pid] = commOf(dir + "/comm");
        for (const int tid : r.tids) threadNames[r.pid][tid] = commOf(dir + "/task/" + std::to_string(tid) + "/comm");
    }
};

struct SampleSink : EventSink {
    std::set<int> workerPids;
    std::map<int, std::string> names; // as the sample events name them
    void emit(const events::Event& event) override {
        const auto parsed = events::parseEventLine(events::toJsonLine(event)); // as the window reads them
        if (const auto* ready = std::get_if<events::WorkerReady>(&parsed)) workerPids.insert(ready->pid);
        if (const auto* sample = std::get_if<events::Sample>(&parsed))
            for (const auto& p : sample->newProcesses) names[p.pid] = p.name;
    }
};

} // namespace

TEST(WorkerNames, PsShowsWorkersAsOversubWorkerAndTheirBlasThreadsAsOversubBlas) {
    const Experiment e = twoByTwo();
    NameRecorder recorder;
    RunPlacement plan;
    plan.cpusets.assign(static_cast<size_t>(e.workers), machine().info().allowed);
    const RunReport report = runBuiltin(e, machine(), plan, recorder);
    ASSERT_EQ(report.failure.kind, FailureKind::None) << report.failure.message;
    ASSERT_EQ(recorder.processNames.size(), 2u);
    for (const auto& [pid, name] : recorder.processNames) EXPECT_EQ(name, kWorkerName) << "pid " << pid;
    // A threaded OpenBLAS starts one pool thread for a second BLAS thread.
    const bool pooled = openblasParallelModeName() == "pthreads";
    for (const auto& [pid, threads] : recorder.threadNames) {
        int poolThreads = 0;
        for (const auto& [tid, name] : threads) {
            if (tid == pid) {
                EXPECT_EQ(name, kWorkerName) << "pid " << pid;
                continue;
            }
            ++poolThreads;
            EXPECT_EQ(name, kBlasName) << "pid " << pid << " thread " << tid;
        }
        if (pooled) {
            EXPECT_GE(poolThreads, 1) << "pid " << pid;
        }
    }
}

TEST(WorkerNames, SampleEventsNameEveryWorkerAsPsDoes) {
    SampleSink sink;
    RunRequest request;
    request.experiment = twoByTwo();
    const RunOutcome outcome = runExperiment(request, machine(), sink);
    ASSERT_EQ(outcome.status, RunStatus::Ok);
    ASSERT_EQ(sink.workerPids.size(), 2u);
    for (const int pid : sink.workerPids) {
        ASSERT_TRUE(sink.names.count(pid)) << "worker pid " << pid << " never named in a sample";
        EXPECT_EQ(sink.names.at(pid), kWorkerName) << "pid " << pid;
    }
}
