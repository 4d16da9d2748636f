// The advisor's MPI rules (analysis/advisor_mpi.h) on the evidence of
// mpirun runs: ranks bound to one core, a rank's threads confined to its
// one-PU binding, and ranks x threads above the PUs named as ranks. On this
// box's 2 PUs and on a 512-PU machine.

#include "analysis/advisor.h"
#include "analysis/run_evidence.h"

#include "finding_lookup.h"

#include <gtest/gtest.h>

using namespace oversub;
using namespace oversub::analysis;
using oversub::test::find;
using oversub::test::has;
using oversub::topology::uniformTopologyInfo;

namespace {

// `mpirun -np R` started by Oversub with --affinity `policy`: the launcher
// (worker 0, idle) and R ranks, each bound as `cpusets` says, busy for the
// whole second with `waitShare` of their wanted time in the run queue.
RunEvidence mpiRun(const TopologyInfo& machine, int threads, std::vector<std::vector<int>> cpusets,
                   const std::string& policy = "inherit", double waitShare = 0.5) {
    RunEvidence e;
    e.workload = "command";
    e.commandRun = true;
    e.workers = static_cast<int>(cpusets.size());
    e.workersSetting = e.workers;
    e.threadsPerWorker = threads;
    e.threadsSetting = threads;
    e.affinityPolicy = policy;
    setMachine(e, machine);
    e.wallSeconds = 1.0;
    e.phases.compute = 1.0;
    for (size_t r = 0; r < cpusets.size(); ++r) {
        WorkerEvidence w;
        w.worker = static_cast<int>(r) + 1;
        w.pid = 2000 + static_cast<int>(r);
        w.rank = static_cast<int>(r);
        w.cpuset = CpuSet::fromVector(cpusets[r]);
        w.busySeconds = 1.0 - waitShare;
        w.runqWaitSeconds = waitShare;
        e.workerStats.push_back(w);
    }
    return e;
}

TopologyInfo twoPus() { return uniformTopologyInfo(1, 1, 2, 1); }
// 2 packages x 4 NUMA x 32 cores x 2 PUs: PUs 2c and 2c+1 share core c.
TopologyInfo fiveTwelvePus() { return uniformTopologyInfo(2, 4, 32, 2); }

} // namespace

TEST(AdvisorMpi, BothRanksOnOnePuWhileTwoAreFreeStartedThereByThePolicy) {
    const auto findings = adviseRun(mpiRun(twoPus(), 1, {{0}, {0}}, "single"));
    const Finding* f = find(findings, kRanksOnOneCore);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, "problem");
    EXPECT_NE(f->text.find("both MPI ranks were bound to PU 0, one core, while the run could use PUs 0-1"),
              std::string::npos)
        << f->text;
    EXPECT_NE(f->text.find("50% of their time waiting"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["cause"], "inherited");
    EXPECT_EQ(f->evidence["fix"], "--affinity inherit");
    // One story, told once: not again as affinity-narrowed.
    EXPECT_FALSE(has(findings, kAffinityNarrowed));
    EXPECT_FALSE(has(findings, kRankThreadsConfined));
}

TEST(AdvisorMpi, RanksTheLauncherBoundToOneCoreAreTheLaunchersDoing) {
    const auto findings = adviseRun(mpiRun(twoPus(), 1, {{1}, {1}, {1}}));
    const Finding* f = find(findings, kRanksOnOneCore);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("all 3 MPI ranks were bound to PU 1"), std::string::npos) << f->text;
    EXPECT_EQ(f->evidence["cause"], "launcher");
    EXPECT_NE(f->evidence["fix"].get<std::string>().find("--map-by core --bind-to core"), std::string::npos);
    EXPECT_EQ(f->evidence["ranks"].size(), 3u);
}

TEST(AdvisorMpi, RanksSpreadOverThePusAreNotOnOneCore) {
    const auto findings = adviseRun(mpiRun(twoPus(), 1, {{0}, {1}}, "inherit", 0.01));
    EXPECT_FALSE(has(findings, kRanksOnOneCore));
    EXPECT_FALSE(has(findings, kRankThreadsConfined));
    EXPECT_FALSE(has(findings, kOversubscribed));
    EXPECT_FALSE(has(findings, kAffinityNarrowed));
}

TEST(AdvisorMpi, OneRankBoundToACoreWithTwoThreadsIsConfined) {
    // mpirun -np 1 (Open MPI binds to a core) with OMP_NUM_THREADS=2.
    const auto findings = adviseRun(mpiRun(twoPus(), 2, {{0}}));
    const Finding* f = find(findings, kRankThreadsConfined);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("1 MPI rank runs 2 threads on fewer PUs than that (rank 0: PU 0)"), std::string::npos)
        << f->text;
    EXPECT_NE(f->text.find("OMP_NUM_THREADS=2"), std::string::npos) << f->text;
    EXPECT_NE(f->evidence["fix"].get<std::string>().find("--map-by slot:PE=2"), std::string::npos);
    EXPECT_FALSE(has(findings, kAffinityNarrowed)); // said by rank, not as the program's narrowing
    // 2 threads on the rank's 1 PU are oversubscribed too; that finding points
    // to the rank finding, not to the affinity-narrowed one that is not there.
    const Finding* over = find(findings, kOversubscribed);
    ASSERT_NE(over, nullptr);
    EXPECT_NE(over->text.find("(1 MPI rank x 2 threads) on 1 PU"), std::string::npos) << over->text;
    EXPECT_NE(over->text.find("binding the ranks more widely (see the rank findings)"), std::string::npos)
        << over->text;
}

TEST(AdvisorMpi, ARanksOwnOmpNumThreadsCountsOverTheThreadsKnob) {
    auto e = mpiRun(twoPus(), 1, {{0}});
    EXPECT_FALSE(has(adviseRun(e), kRankThreadsConfined));
    e.workerStats[0].ompThreads = 2; // mpirun -x OMP_NUM_THREADS=2
    EXPECT_TRUE(has(adviseRun(e), kRankThreadsConfined));
}

TEST(AdvisorMpi, TwoRanksTimesTwoThreadsOnTwoPusIsOversubscribedNotConfined) {
    // Each rank on its own PU: the binding uses every PU there is, so the
    // thread count is the trouble, not the binding.
    const auto findings = adviseRun(mpiRun(twoPus(), 2, {{0}, {1}}));
    EXPECT_FALSE(has(findings, kRankThreadsConfined));
    const Finding* f = find(findings, kOversubscribed);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("4 runnable threads (2 MPI ranks x 2 threads) on 2 PUs"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("--threads 1"), std::string::npos) << f->text;
}

TEST(AdvisorMpi, TwoRanksTimesOneThreadOnTwoPusIsNotOversubscribed) {
    EXPECT_FALSE(has(adviseRun(mpiRun(twoPus(), 1, {{0}, {1}}, "inherit", 0.01)), kOversubscribed));
}

TEST(AdvisorMpi, OnFiveHundredTwelvePusSixtyFourCoreBoundRanksOfFourThreadsAreConfined) {
    std::vector<std::vector<int>> cores;
    for (int r = 0; r < 64; ++r) cores.push_back({2 * r, 2 * r + 1}); // one core (2 PUs) a rank
    const auto findings = adviseRun(mpiRun(fiveTwelvePus(), 4, cores));
    const Finding* f = find(findings, kRankThreadsConfined);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("each of the 64 MPI ranks runs 4 threads"), std::string::npos) << f->text;
    EXPECT_NE(f->text.find("rank 3: PUs 6-7, ..."), std::string::npos) << f->text; // four named, then "..."
    EXPECT_NE(f->evidence["fix"].get<std::string>().find("--map-by slot:PE=4"), std::string::npos);
    EXPECT_EQ(f->evidence["rank_threads"], 256);
    EXPECT_FALSE(has(findings, kRanksOnOneCore));
    EXPECT_FALSE(has(findings, kAffinityNarrowed));
}

TEST(AdvisorMpi, OnFiveHundredTwelvePusRanksStackedOnCoreZeroAreOnOneCore) {
    const std::vector<std::vector<int>> stacked(64, std::vector<int>{0, 1});
    const auto findings = adviseRun(mpiRun(fiveTwelvePus(), 1, stacked));
    const Finding* f = find(findings, kRanksOnOneCore);
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->text.find("all 64 MPI ranks were bound to PUs 0-1, one core, while the run could use PUs 0-511"),
              std::string::npos)
        << f->text;
}

TEST(AdvisorMpi, RanksBoundTwoCoresApartAreNotOnOneCore) {
    // PUs 0 and 2 are two cores of the 512-PU machine.
    const auto findings = adviseRun(mpiRun(fiveTwelvePus(), 1, {{0, 2}, {0, 2}}));
    EXPECT_FALSE(has(findings, kRanksOnOneCore));
}

TEST(AdvisorMpi, RanksAreTheWorkersOfAnMpiCommandEvenWhenIdle) {
    // run_done of `mpirun -np 2`: the launcher (worker 0) and two ranks, one of
    // them idle all run (waiting in MPI_Recv): both ranks are the workers.
    Experiment experiment;
    experiment.command = "mpirun -np 2 ./prog";
    experiment.threads = 1;
    events::RunDone done;
    done.status = events::RunStatus::Ok;
    done.wallSeconds = 1.0;
    done.workers = {{.worker = 0, .pid = 10, .cpuset = "0-1", .cpuSeconds = 0.3},
                    {.worker = 1, .pid = 11, .cpuset = "0", .cpuSeconds = 0.9, .rank = 0},
                    {.worker = 2, .pid = 12, .cpuset = "0", .cpuSeconds = 0.0, .rank = 1, .ompThreads = 3},
                    // rank 0's own child (a wrapper's program): the same rank, not a third one
                    {.worker = 3, .pid = 13, .cpuset = "0", .cpuSeconds = 0.5, .rank = 0}};
    const RunEvidence e = evidenceFromRun(experiment, done, twoPus(), {});
    ASSERT_EQ(e.workers, 2);
    EXPECT_EQ(e.workerStats[0].rank, 0);
    EXPECT_EQ(e.workerStats[0].pid, 11); // the busiest of rank 0's processes stands for it
    EXPECT_DOUBLE_EQ(e.workerStats[0].busySeconds, 1.4); // with the CPU time of both
    EXPECT_EQ(e.workerStats[1].ompThreads, 3);
    EXPECT_EQ(mpiRanks(e), 2);
    EXPECT_EQ(e.threadsPerWorker, 1); // the ranks disagree: the knob's value stays
}
