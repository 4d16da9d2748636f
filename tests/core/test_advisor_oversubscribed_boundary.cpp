// Where the `oversubscribed` rule starts (docs/analysis.md): more runnable
// threads than the PUs the workers could reach, or than the cgroup's CPU
// quota; a problem rather than a warning from a run-queue wait share of
// kRunqWaitProblemShare on. Each boundary is tested just below, at and just
// above it, so a strict comparison turned loose (or the reverse) or a
// shifted threshold fails here.

#include "analysis/advisor.h"
#include "topology/topology_info.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

using namespace oversub;
using namespace oversub::analysis;

namespace {

constexpr int kPus = 4; // the machine's PUs, all reachable by the one worker

// One worker allowed every PU of a kPus machine running `threads` threads,
// busy for the whole run with nothing else wrong.
RunEvidence oneWorkerWithThreads(int threads) {
    RunEvidence e;
    e.workload = "gemm";
    e.workers = 1;
    e.threadsPerWorker = threads;
    setMachine(e, topology::uniformTopologyInfo(1, 1, kPus, 1));
    e.wallSeconds = 1.0;
    e.phases.compute = 0.9;
    WorkerEvidence w;
    w.worker = 0;
    w.pid = 1000;
    std::vector<int> all(kPus);
    std::iota(all.begin(), all.end(), 0);
    w.cpuset = CpuSet::fromVector(all);
    w.tasks = 4;
    w.busySeconds = 0.95;
    e.workerStats.push_back(w);
    return e;
}

// Points into `findings`, which must outlive its use.
const Finding* oversubscribedIn(const std::vector<Finding>& findings) {
    const auto it =
        std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.id == kOversubscribed; });
    return it == findings.end() ? nullptr : &*it;
}

// Oversubscribed by one thread, with the worker's wanted CPU time split so
// that `waitShare` of it was spent waiting in the run queue.
RunEvidence oversubscribedWithWaitShare(double waitShare) {
    RunEvidence e = oneWorkerWithThreads(kPus + 1);
    e.workerStats[0].runqWaitSeconds = waitShare;
    e.workerStats[0].busySeconds = 1.0 - waitShare;
    return e;
}

} // namespace

TEST(AdvisorOversubscribedBoundary, MoreRunnableThreadsThanReachablePusAndNoFewer) {
    EXPECT_EQ(oversubscribedIn(adviseRun(oneWorkerWithThreads(kPus - 1))), nullptr) << "below: a PU to spare";
    EXPECT_EQ(oversubscribedIn(adviseRun(oneWorkerWithThreads(kPus))), nullptr) << "at: one thread per PU";
    const auto above = adviseRun(oneWorkerWithThreads(kPus + 1));
    const Finding* f = oversubscribedIn(above);
    ASSERT_NE(f, nullptr) << "above: one thread more than the PUs";
    EXPECT_EQ(f->evidence.at("runnable_threads"), kPus + 1);
    EXPECT_DOUBLE_EQ(f->evidence.at("usable_cpus").get<double>(), kPus);
    EXPECT_DOUBLE_EQ(f->evidence.at("factor").get<double>(), static_cast<double>(kPus + 1) / kPus);
}

TEST(AdvisorOversubscribedBoundary, AFractionalCgroupQuotaIsTheCapacity) {
    // A quota of kQuota CPUs: floor(kQuota) threads fit, one more does not.
    constexpr double kQuota = 2.5;
    const int fits = static_cast<int>(std::floor(kQuota));
    static_assert(kQuota < kPus, "the quota, not the PUs, must bind");
    for (int threads : {fits, fits + 1}) {
        SCOPED_TRACE(threads);
        RunEvidence e = oneWorkerWithThreads(threads);
        e.cgroupQuotaCpus = kQuota;
        const auto findings = adviseRun(e);
        const Finding* f = oversubscribedIn(findings);
        EXPECT_EQ(f != nullptr, threads > kQuota);
        if (f) {
            EXPECT_DOUBLE_EQ(f->evidence.at("usable_cpus").get<double>(), kQuota);
        }
    }
    // A whole quota behaves like that many PUs: at it is not, above it is.
    constexpr double kWholeQuota = kPus - 1;
    for (int threads : {kPus - 2, kPus - 1, kPus}) {
        SCOPED_TRACE(threads);
        RunEvidence e = oneWorkerWithThreads(threads);
        e.cgroupQuotaCpus = kWholeQuota;
        EXPECT_EQ(oversubscribedIn(adviseRun(e)) != nullptr, threads > kWholeQuota);
    }
}

TEST(AdvisorOversubscribedBoundary, AProblemFromTheRunQueueWaitShareThresholdOn) {
    // The step either side of the threshold is far above rounding error
    // and far below any share a run would report differently.
    constexpr double kStep = 1e-6;
    struct Case {
        double share;
        const char* severity;
    };
    const Case cases[] = {{kRunqWaitProblemShare - kStep, "warning"},
                          {kRunqWaitProblemShare, "problem"},
                          {kRunqWaitProblemShare + kStep, "problem"}};
    for (const Case& c : cases) {
        SCOPED_TRACE(c.share);
        const RunEvidence e = oversubscribedWithWaitShare(c.share);
        if (c.share == kRunqWaitProblemShare) {
            ASSERT_EQ(runqWaitShare(e), kRunqWaitProblemShare) << "the case meant to sit on the threshold does not";
        }
        const auto findings = adviseRun(e);
        const Finding* f = oversubscribedIn(findings);
        ASSERT_NE(f, nullptr);
        EXPECT_EQ(f->severity, c.severity);
        EXPECT_DOUBLE_EQ(f->evidence.at("runq_wait_share").get<double>(), runqWaitShare(e));
    }
}
