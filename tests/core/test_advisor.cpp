// Each advisor rule fires on evidence that should trigger it and stays silent
// on evidence that should not.

#include "analysis/advisor.h"
#include "analysis/run_evidence.h"
#include "util/input_error.h"

#include "finding_lookup.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace oversub;
using namespace oversub::analysis;
using oversub::test::find;
using oversub::test::has;
using oversub::topology::uniformTopologyInfo;

namespace {

// A 2-PU machine (2 cores x 1 PU, as this box), everything allowed, the
// workers busy for the whole second they ran with nothing else wrong.
RunEvidence twoPuRun(int workers, int threads, std::vector<std::vector<int>> cpusets) {
    RunEvidence e;
    e.workload = "gemm";
    e.workers = workers;
    e.threadsPerWorker = threads;
    setMachine(e, uniformTopologyInfo(1, 1, 2, 1));
    e.wallSeconds = 1.0;
    e.phases.compute = 0.9;
    e.phases.delivery = 0.01;
    e.phases.collect = 0.01;
    for (int w = 0; w < workers; ++w) {
        WorkerEvidence we;
        we.worker = w;
        we.pid = 1000 + w;
        we.cpuset = CpuSet::fromVector(cpusets[static_cast<size_t>(w)]);
        we.tasks = 4;
        we.busySeconds = 0.95;
        e.workerStats.push_back(we);
    }
    return e;
}

} // namespace

TEST(AdvisorAffinity, TwoWorkersOnlyAllowedPuZeroIsNarrowedAndInherited) {
    auto e = twoPuRun(2, 1, {{0}, {0}});
    e.conductorAllowed = CpuSet::fromVector({0});
    e.affinityPolicy = "inherit";
    e.parentPid = 4242;
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kAffinityNarrowed);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, "problem");
    EXPECT_NE(f->text.find("both workers were allowed only PU 0"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("inherited from the parent"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("taskset -a -p 0x3 4242"), std::string::npos) << f->text;
    // Placement stays inside the inherited mask: no --affinity policy helps.
    EXPECT_EQ(f->text.find("--affinity"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["machine_pus"], 2);
    EXPECT_EQ(f->evidence["reachable_pus"], 1);
    EXPECT_EQ(f->evidence["cause"], "inherited");
    EXPECT_EQ(f->evidence["fix"], "taskset -a -p 0x3 4242");
    EXPECT_EQ(f->evidence["fix_shell"], "taskset -a -p 0x3 4242");
    EXPECT_EQ(f->evidence["fix_knobs"], nlohmann::json::array());
    // The most severe finding comes first.
    EXPECT_EQ(findings.front().severity, "problem");
}

TEST(AdvisorAffinity, PolicyNarrowingPointsToScatter) {
    auto e = twoPuRun(2, 1, {{1}, {1}});
    e.affinityPolicy = "single";
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kAffinityNarrowed);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->evidence["cause"], "policy");
    EXPECT_NE(f->text.find("'single'"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("--affinity scatter"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["fix"], "--affinity scatter");
    EXPECT_EQ(f->evidence["fix_knobs"],
              nlohmann::json::parse(
                  R"([{"knob":"affinity","value":"scatter","current":"single","flag":"--affinity scatter"}])"));
}

TEST(AdvisorAffinity, CgroupCpusetIsNamedAsTheCause) {
    auto e = twoPuRun(2, 1, {{0}, {0}});
    e.conductorAllowed = CpuSet::fromVector({0});
    e.cgroupCpus = CpuSet::fromVector({0});
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kAffinityNarrowed);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->evidence["cause"], "cgroup");
    EXPECT_NE(f->text.find("cgroup"), std::string::npos);
}

TEST(AdvisorAffinity, WorkersOnPuZeroAndOneAreNotNarrowed) {
    EXPECT_FALSE(has(adviseRun(twoPuRun(2, 1, {{0}, {1}})), kAffinityNarrowed));
    EXPECT_FALSE(has(adviseRun(twoPuRun(2, 1, {{0, 1}, {0, 1}})), kAffinityNarrowed));
}

TEST(AdvisorAffinity, OneSingleThreadedWorkerNeedsOnlyOnePu) {
    EXPECT_FALSE(has(adviseRun(twoPuRun(1, 1, {{0}})), kAffinityNarrowed));
}

TEST(AdvisorAffinity, LargeMachineTogetherReachingFewerPus) {
    RunEvidence e = twoPuRun(4, 1, {{0}, {1}, {0}, {1}});
    setMachine(e, uniformTopologyInfo(2, 1, 4, 2)); // 16 PUs
    e.conductorAllowed = CpuSet::range(0, 15);
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kAffinityNarrowed);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("together could reach only PUs 0-1"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("2 of the machine's 16 PUs"), std::string::npos) << f->text;
}

TEST(AdvisorOversubscribed, TwoByTwoOnTwoPusWithHalfTheTimeWaiting) {
    auto e = twoPuRun(2, 2, {{0}, {1}});
    for (auto& w : e.workerStats) {
        w.busySeconds = 1.0;
        w.runqWaitSeconds = 1.0;
    }
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kOversubscribed);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, "problem");
    EXPECT_DOUBLE_EQ(f->evidence["runq_wait_share"].get<double>(), 0.5);
    EXPECT_EQ(f->evidence["runnable_threads"], 4);
    EXPECT_DOUBLE_EQ(f->evidence["factor"].get<double>(), 2.0);
    EXPECT_NE(f->text.find("4 runnable threads"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("on 2 PUs"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("oversubscribed x2"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("50% of worker time spent waiting in the run queue"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("Fix: --threads 1"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["fix"], "--threads 1");
}

TEST(AdvisorOversubscribed, WithoutMeasuredWaitItIsOnlyAWarning) {
    auto e = twoPuRun(2, 2, {{0, 1}, {0, 1}});
    for (auto& w : e.workerStats) w.busySeconds = 0;
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kOversubscribed);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, "warning");
    EXPECT_NE(f->text.find("not measured"), std::string::npos);
}

TEST(AdvisorOversubscribed, TwoByOneOnTwoPusIsNot) {
    EXPECT_FALSE(has(adviseRun(twoPuRun(2, 1, {{0}, {1}})), kOversubscribed));
}

TEST(AdvisorOversubscribed, CgroupQuotaBelowTheThreadsIs) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.cgroupQuotaCpus = 1.0;
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kOversubscribed);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("cgroup quota"), std::string::npos) << f->text;
}

TEST(AdvisorContention, WaitingWithoutOversubscriptionMeansOtherProcesses) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    for (auto& w : e.workerStats) {
        w.busySeconds = 0.4;
        w.runqWaitSeconds = 0.6;
    }
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kCpuContention);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("60%"), std::string::npos) << f->text;
    EXPECT_FALSE(has(findings, kOversubscribed));
    EXPECT_FALSE(has(findings, kGoodScaling));
    // A crashed run's timings are not reported as measured: nothing to doubt.
    e.completed = false;
    EXPECT_FALSE(has(adviseRun(e), kCpuContention));
}

TEST(AdvisorContention, OversubscribedRunsAndQuietMachinesAreNot) {
    auto over = twoPuRun(2, 2, {{0}, {1}});
    for (auto& w : over.workerStats) w.runqWaitSeconds = 1.0;
    EXPECT_FALSE(has(adviseRun(over), kCpuContention));
    EXPECT_FALSE(has(adviseRun(twoPuRun(2, 1, {{0}, {1}})), kCpuContention));
}

TEST(AdvisorMemoryBound, NearTheTriadBandwidth) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.workload = "elementwise";
    e.gbps = 26.0;
    e.machineBandwidthGbps = 30.0;
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kMemoryBound);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("elementwise at 26.0 GB/s"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("30.0 GB/s"), std::string::npos) << f->text;
}

TEST(AdvisorMemoryBound, FarBelowOrUnknownBandwidthIsNot) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.gbps = 10.0;
    e.machineBandwidthGbps = 30.0;
    EXPECT_FALSE(has(adviseRun(e), kMemoryBound));
    e.gbps = 60.0; // twice what memory delivers: the data sat in cache
    EXPECT_FALSE(has(adviseRun(e), kMemoryBound));
    e.machineBandwidthGbps.reset();
    e.gbps = 29.0;
    EXPECT_FALSE(has(adviseRun(e), kMemoryBound));
}

TEST(AdvisorMemoryBound, ComparesDramWithDramOnly) {
    // 26 GB/s near the 30 GB/s DRAM triad, but from 16 MB per worker that fits in L3.
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.workload = "elementwise";
    e.size = 1000;
    e.gbps = 26.0;
    e.machineBandwidthGbps = 30.0;
    e.fitsIn = "L3";
    e.workingSetBytes = 16'000'000;
    e.cacheShareBytes = 16u << 20;
    auto findings = adviseRun(e);
    EXPECT_FALSE(has(findings, kMemoryBound));
    const Finding* f = find(findings, kCacheResident);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("L3"), std::string::npos) << f->text;
    // The fix outgrows the cache 4x: n x sqrt(4 x 16 MiB / 16 MB), and differs from the size set.
    ASSERT_EQ(f->evidence["fix_knobs"].size(), 1u);
    EXPECT_EQ(f->evidence["fix_knobs"][0]["knob"], "size");
    EXPECT_EQ(f->evidence["fix_knobs"][0]["value"], "2048");
    EXPECT_EQ(f->evidence["fix_knobs"][0]["current"], "1000");
    // From memory, the same figure is memory-bound and nothing is said about caches.
    e.fitsIn = "memory";
    findings = adviseRun(e);
    EXPECT_TRUE(has(findings, kMemoryBound));
    EXPECT_FALSE(has(findings, kCacheResident));
    // Compute-bound kernels are not told about caches.
    e.fitsIn = "L3";
    e.workload = "gemm";
    EXPECT_FALSE(has(adviseRun(e), kCacheResident));
}

TEST(AdvisorShortRun, MostOfTheTimedIntervalOutsideComputeRaisesTasks) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.tasks = 8;
    e.wallSeconds = 0.5;
    e.phases = {.prepare = 0.2,
                .spawn = 0.05,
                .delivery = 0.01,
                .compute = 0.15,
                .collect = 0.01,
                .wait = 0.07,
                .teardown = 0.01};
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kShortRun);
    ASSERT_NE(f, nullptr);
    // 0.15 of the 0.3 s timed interval is outside compute; fixed costs 0.13 s -> 9x the tasks.
    EXPECT_NEAR(f->evidence["outside_compute_s"].get<double>(), 0.15, 1e-12);
    ASSERT_EQ(f->evidence["fix_knobs"].size(), 1u);
    EXPECT_EQ(f->evidence["fix_knobs"][0]["knob"], "tasks");
    EXPECT_EQ(f->evidence["fix_knobs"][0]["value"], "72");
    // A run cut short by a crash is not "too short": more tasks would not fix it.
    e.completed = false;
    EXPECT_FALSE(has(adviseRun(e), kShortRun));
    e.completed = true;
    // Preparation alone (a cold start) is outside the timed interval: not a short run.
    e.phases = {.prepare = 0.3, .spawn = 0.01, .compute = 0.18, .wait = 0.005, .teardown = 0.005};
    EXPECT_FALSE(has(adviseRun(e), kShortRun));
    // Delivery outweighing compute is delivery-dominated's lesson, not this one.
    e.phases = {.prepare = 0.01, .spawn = 0.01, .delivery = 0.3, .compute = 0.15, .collect = 0.02, .teardown = 0.01};
    EXPECT_FALSE(has(adviseRun(e), kShortRun));
    EXPECT_TRUE(has(adviseRun(e), kDeliveryDominated));
}

TEST(AdvisorDelivery, DeliveryAndCollectAboveCompute) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.delivery = "pipe";
    e.resultReturn = "full";
    e.phases.delivery = 0.3;
    e.phases.collect = 0.1;
    e.phases.compute = 0.2;
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kDeliveryDominated);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("fork or shm"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("--delivery fork --result scalar"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["fix"], "--delivery fork --result scalar");
    EXPECT_DOUBLE_EQ(f->evidence["delivery_s"].get<double>(), 0.3);
}

TEST(AdvisorDelivery, GeneratedInputsAreCalledGeneratedNotDelivered) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.delivery = "generate";
    e.phases.delivery = 0.3;
    e.phases.compute = 0.2;
    const auto generated = adviseRun(e);
    const Finding* f = find(generated, kDeliveryDominated);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->text.rfind("generating inputs in the workers (", 0), 0u) << f->text;
    EXPECT_EQ(f->text.find("delivering"), std::string::npos) << f->text;
    e.delivery = "pipe";
    const auto piped = adviseRun(e);
    ASSERT_NE(find(piped, kDeliveryDominated), nullptr);
    EXPECT_EQ(find(piped, kDeliveryDominated)->text.rfind("delivering inputs (", 0), 0u);
}

TEST(AdvisorDelivery, ComputeDominatedIsNot) {
    EXPECT_FALSE(has(adviseRun(twoPuRun(2, 1, {{0}, {1}})), kDeliveryDominated));
}

TEST(AdvisorImbalance, BusiestWorkerWellAboveTheMean) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.workerStats[0].busySeconds = 0.5;
    e.workerStats[1].busySeconds = 1.5;
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kLoadImbalance);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->evidence["busiest_worker"], 1);
    EXPECT_DOUBLE_EQ(f->evidence["ratio"].get<double>(), 1.5);
    EXPECT_NE(f->text.find("worker 1 was busy 1.50 s, 1.50x the mean of 1.00 s"), std::string::npos) << f->text;
}

TEST(AdvisorImbalance, TinyBusyTimesAreNoise) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.workerStats[0].busySeconds = 0.01;
    e.workerStats[1].busySeconds = 0.03;
    EXPECT_FALSE(has(adviseRun(e), kLoadImbalance));
}

TEST(AdvisorImbalance, EvenWorkIsNot) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    e.workerStats[0].busySeconds = 1.0;
    e.workerStats[1].busySeconds = 1.1;
    EXPECT_FALSE(has(adviseRun(e), kLoadImbalance));
}

TEST(AdvisorSmt, SiblingsBusyWhileAWholeCoreIsFree) {
    auto e = twoPuRun(2, 1, {{0}, {1}});
    setMachine(e, uniformTopologyInfo(1, 1, 2, 2)); // PUs 0,1 = core 0; 2,3 = core 1
    e.conductorAllowed = CpuSet::range(0, 3);
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kSmtShared);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->evidence["shared_cores"], nlohmann::json::array({0}));
    EXPECT_EQ(f->evidence["free_cores"], nlohmann::json::array({1}));
    EXPECT_NE(f->text.find("PUs 0-1"), std::string::npos) << f->text;
}

TEST(AdvisorSmt, SampledCpusCountForUnpinnedWorkers) {
    auto e = twoPuRun(2, 1, {{0, 1, 2, 3}, {0, 1, 2, 3}});
    setMachine(e, uniformTopologyInfo(1, 1, 2, 2));
    e.workerStats[0].busyThreadCpus = {2};
    e.workerStats[1].busyThreadCpus = {3};
    EXPECT_TRUE(has(adviseRun(e), kSmtShared));
}

TEST(AdvisorSmt, SeparateCoresOrNoFreeCoreIsNot) {
    auto e = twoPuRun(2, 1, {{0}, {2}});
    setMachine(e, uniformTopologyInfo(1, 1, 2, 2));
    EXPECT_FALSE(has(adviseRun(e), kSmtShared));
    // Both cores busy: sharing siblings is then unavoidable.
    auto full = twoPuRun(4, 1, {{0}, {1}, {2}, {3}});
    setMachine(full, uniformTopologyInfo(1, 1, 2, 2));
    EXPECT_FALSE(has(adviseRun(full), kSmtShared));
    // This box has no SMT siblings at all.
    EXPECT_FALSE(has(adviseRun(twoPuRun(2, 1, {{0}, {1}})), kSmtShared));
}

TEST(AdvisorGoodScaling, BusyPusAndNothingWrong) {
    const auto findings = adviseRun(twoPuRun(2, 1, {{0}, {1}}));
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].id, kGoodScaling);
    EXPECT_EQ(findings[0].severity, "info");
    EXPECT_NEAR(findings[0].evidence["busy_share"].get<double>(), 0.95, 1e-12);
}

TEST(AdvisorGoodScaling, NotWithAProblemNorForASerialRun) {
    auto e = twoPuRun(2, 1, {{0}, {0}});
    e.conductorAllowed = CpuSet::fromVector({0});
    EXPECT_FALSE(has(adviseRun(e), kGoodScaling));
    EXPECT_FALSE(has(adviseRun(twoPuRun(1, 1, {{0}})), kGoodScaling));
    auto idle = twoPuRun(2, 1, {{0}, {1}});
    for (auto& w : idle.workerStats) w.busySeconds = 0.3;
    EXPECT_FALSE(has(adviseRun(idle), kGoodScaling));
}

TEST(Findings, JsonRoundTripAndBadSeverity) {
    const Finding f{"oversubscribed", "problem", "4 runnable threads on 2 PUs", {{"factor", 2.0}}};
    EXPECT_EQ(findingFromJson(toJson(f)), f);
    EXPECT_EQ(findingsFromJson(toJson(std::vector<Finding>{f, f})).size(), 2u);
    auto bad = toJson(f);
    bad["severity"] = "fatal";
    try {
        findingFromJson(bad);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "severity");
    }
    bad.erase("severity");
    EXPECT_THROW(findingFromJson(bad), InputError);
}

TEST(AdvisorEvidence, FromRunDoneOfTwoWorkersPinnedToPuZero) {
    Experiment x = defaults();
    x.workers = 2;
    x.threads = 1;
    x.affinity = AffinityPolicy::Inherit;
    events::RunDone done;
    done.wallSeconds = 2.0;
    done.phases.computeSeconds = 1.9;
    for (int w = 0; w < 2; ++w) {
        events::WorkerStats ws;
        ws.worker = w;
        ws.pid = 500 + w;
        ws.cpuset = "0";
        ws.tasks = 4;
        ws.cpuSeconds = 1.0;
        ws.runqWaitSeconds = 0.9;
        done.workers.push_back(ws);
    }
    RunContext context;
    context.conductorAllowed = CpuSet::fromVector({0});
    const auto e = evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1), context);
    EXPECT_EQ(e.machinePus.count(), 2);
    EXPECT_EQ(e.workerStats[1].cpuset, CpuSet::fromVector({0}));
    EXPECT_FALSE(e.gbps.has_value());
    const auto findings = adviseRun(e);
    EXPECT_TRUE(has(findings, kAffinityNarrowed));
    EXPECT_TRUE(has(findings, kOversubscribed)); // 2 threads on the one reachable PU
    // A kernel without BLAS runs one thread per worker whatever --threads says.
    x.threads = 4;
    EXPECT_EQ(evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1), context).threadsPerWorker, 4);
    x.workload = Workload::Scalar;
    EXPECT_EQ(evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1), context).threadsPerWorker, 1);
    const auto asEvents = toEventFindings(findings);
    ASSERT_EQ(asEvents.size(), findings.size());
    EXPECT_EQ(asEvents[0].id, findings[0].id);
    EXPECT_EQ(fromEventFindings(asEvents), findings);
}

TEST(AdvisorEvidence, CommandRunCountsOnlyItsBusyProcessesAsWorkers) {
    // A Pool parent idles while its two children compute: the parent is
    // neither a worker to balance nor a runnable thread.
    Experiment x = defaults();
    x.command = "python3 pool.py";
    x.workers = 2;
    x.threads = 2;
    x.affinity = AffinityPolicy::Inherit;
    events::RunDone done;
    done.wallSeconds = 2.0;
    const double cpu[] = {0.02, 1.9, 1.8};
    for (int w = 0; w < 3; ++w) {
        events::WorkerStats ws;
        ws.worker = w;
        ws.pid = 700 + w;
        ws.cpuset = "0";
        ws.tasks = w == 0 ? 1 : 0;
        ws.cpuSeconds = cpu[w];
        done.workers.push_back(ws);
    }
    const auto e = evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1), {});
    EXPECT_EQ(e.workload, "command");
    EXPECT_EQ(e.workers, 2);
    EXPECT_EQ(e.threadsPerWorker, 2); // what the thread variables handed each process
    ASSERT_EQ(e.workerStats.size(), 2u);
    EXPECT_EQ(e.workerStats[0].pid, 701);
    EXPECT_EQ(e.workerStats[1].pid, 702);
    const auto findings = adviseRun(e);
    EXPECT_TRUE(has(findings, kAffinityNarrowed));
    EXPECT_FALSE(has(findings, kLoadImbalance)); // the idle parent would have made it 1.9 / 1.24

    // The parent importing NumPy is busy too, but it launched busy children: still theirs.
    done.workers[0].cpuSeconds = 0.6;
    EXPECT_EQ(evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1), {}).workers, 2);
    // A program without busy children is its own worker.
    done.workers[1].cpuSeconds = done.workers[2].cpuSeconds = 0;
    const auto single = evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1), {});
    ASSERT_EQ(single.workerStats.size(), 1u);
    EXPECT_EQ(single.workerStats[0].pid, 700);

    // Too short to see anyone busy: every process is kept for the affinity check.
    for (auto& w : done.workers) w.cpuSeconds = 0;
    EXPECT_EQ(evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1), {}).workerStats.size(), 3u);
}

// The stream says when the conductor could not keep the asked sample rate
// (thousands of threads to read per tick), and only then.
TEST(Advisor, SamplingBelowTheAskedRateIsSaidWithTheRateKept) {
    RunEvidence e = twoPuRun(2, 1, {{0}, {1}});
    e.requestedSampleHz = 50;
    e.achievedSampleHz = 26.5;
    e.longestSampleGapSeconds = 0.416;
    e.samples = 267; // about 10 s
    const auto findings = adviseRun(e);
    const Finding* f = find(findings, kSamplingBelowRate);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, "info");
    EXPECT_NE(f->text.find("26.5 Hz"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence.at("fix_knobs").at(0).at("value"), "26");

    e.achievedSampleHz = 45; // within 20 %
    EXPECT_FALSE(has(adviseRun(e), kSamplingBelowRate));
    e.requestedSampleHz = 10;
    e.achievedSampleHz = 5;
    e.samples = 2; // a 0.2 s span: shorter than five periods asked, too short to judge
    EXPECT_FALSE(has(adviseRun(e), kSamplingBelowRate));
    e.samples = 4; // 0.6 s
    EXPECT_TRUE(has(adviseRun(e), kSamplingBelowRate));
    e.samples = 1; // nothing to measure
    EXPECT_FALSE(has(adviseRun(e), kSamplingBelowRate));
    e.samples = 0;
    e.requestedSampleHz = 0; // unsampled run or older file
    EXPECT_FALSE(has(adviseRun(e), kSamplingBelowRate));
}
