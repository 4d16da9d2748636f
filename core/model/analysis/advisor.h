#pragma once
// The advisor turns the evidence of a run (or a sweep) into findings: plain
// sentences with their numbers, e.g. "all 2 workers were allowed only PU 0
// (affinity inherited from the parent)". Rules and thresholds are listed in
// docs/analysis.md; the thresholds are the constants below.
//
// Plain data in, plain data out: the conductor fills RunEvidence from what it
// measured, the CLI and the window only print the findings.

#include "analysis/speedup.h"
#include "cpuset/cpuset.h"
#include "events/finding.h"
#include "topology/topology_info.h"

#include <optional>
#include <string>
#include <vector>

namespace oversub::analysis {

// Thresholds of the rules (docs/analysis.md explains each).
inline constexpr double kMemoryBoundShareOfTriad = 0.8; // GB/s >= 80% of the machine's triad
inline constexpr double kAboveMemoryShareOfTriad = 1.25; // beyond this the data came from cache
inline constexpr double kLoadImbalanceRatio = 1.2; // busiest worker / mean busy time
inline constexpr double kRunqWaitProblemShare = 0.2; // oversubscribed is a problem above this
inline constexpr double kGoodScalingEfficiency = 0.8; // sweep: efficiency at the widest point
inline constexpr double kGoodScalingBusyShare = 0.8; // run: busy share of the PUs it could use
inline constexpr double kLoadImbalanceMinSeconds = 0.05; // busiest worker busy at least this long
inline constexpr double kContentionWaitShare = 0.2; // cpu-contention: wait share without oversubscription
inline constexpr double kShortRunOverheadShare = 1.0 / 3; // short-run: timed interval outside compute above this
inline constexpr double kSamplingRateShortfall = 0.8; // sampling-below-rate: kept rate below this share of asked
inline constexpr int kSamplingMinPeriods = 5; // sampling-below-rate: judged on runs this many periods long

struct WorkerEvidence {
    int worker = 0;
    int pid = 0;
    CpuSet cpuset; // what sched_getaffinity said while it ran; empty = unknown
    int tasks = 0;
    double busySeconds = 0; // CPU time of all its threads
    double runqWaitSeconds = 0; // schedstat run-queue wait of all its threads
    // PUs on which its busy threads last ran (from the samples); empty = unknown,
    // then a single-PU cpuset says where its threads ran.
    std::vector<int> busyThreadCpus;
    // A command's process that was an MPI rank: its rank (-1: not a rank) and
    // the OMP_NUM_THREADS it was started with (0: unset).
    int rank = -1;
    int ompThreads = 0;
};

struct PhaseSeconds {
    double prepare = 0, spawn = 0, delivery = 0, compute = 0, collect = 0, wait = 0, teardown = 0;
};

struct RunEvidence {
    // The experiment, as far as the rules need it.
    std::string workload = "gemm";
    int workers = 1;
    int threadsPerWorker = 1;
    std::string affinityPolicy = "scatter";
    std::string delivery = "fork";
    std::string resultReturn = "scalar";
    // The finding id a teaching preset brings about on purpose (its
    // "demonstrates"): said as the preset's demonstration, not a mistake.
    std::string presetDemonstrates;
    // The duration its tasks were calibrated to (0: tasks were given), so a
    // fix raises what chose them rather than the count it chose.
    double calibratedDuration = 0;
    // The rest of the knobs as the run had them, so a fix names a value the
    // run did not already have. Defaults are the knob table's.
    bool commandRun = false; // a --command run: no built-in schedule, delivery or result
    // The run ended ok. A crashed, failed, cancelled or timed-out run was cut
    // short: its length, balance and scaling say nothing about the kernel.
    bool completed = true;
    int workersSetting = 0; // --workers as set; 0 = same as `workers` (a command's
        // busy processes may be more or fewer)
    int threadsSetting = 0; // --threads as set; 0 = same as `threadsPerWorker` (kernels
        // without BLAS ignore it)
    std::string schedule = "dynamic";
    long long chunk = 1;
    long long tasks = 8;
    long long iterations = 1;
    std::string cpus; // --cpus lists of custom affinity, "" when none

    // The machine: every PU it has and, when known, which PUs share a core.
    CpuSet machinePus;
    std::vector<CpuSet> corePus; // one set per core; empty = SMT layout unknown
    // What the conductor was allowed at start (inherited from shell, taskset, cgroup).
    CpuSet conductorAllowed;
    CpuSet cgroupCpus; // the cgroup's effective cpuset; empty = unknown / none
    std::optional<double> cgroupQuotaCpus; // cpu.max / cfs quota in CPUs
    int parentPid = 0; // whose affinity was inherited (for the taskset fix); 0 = unknown

    std::vector<WorkerEvidence> workerStats;
    PhaseSeconds phases;
    double wallSeconds = 0;
    std::optional<double> gbps; // the run's memory traffic, when the kernel counts bytes
    // Where one task's data lives (run_done.fits_in): "L1".."L3", "memory",
    // or "" when unknown; the memory-bound rule compares DRAM with DRAM only.
    std::string fitsIn;
    uint64_t workingSetBytes = 0;
    uint64_t cacheShareBytes = 0; // the worker's share of that cache level
    long long size = 0; // the size knob (n), for a fix that outgrows the caches
    std::optional<double> machineBandwidthGbps; // measured triad bandwidth of the machine
    // run_done.sampling: the rate asked and kept, the longest gap (0: unknown).
    double requestedSampleHz = 0, achievedSampleHz = 0, longestSampleGapSeconds = 0;
    int samples = 0;
};

// Fills machinePus, corePus from a topology (and conductorAllowed from its
// allowed set when still empty).
void setMachine(RunEvidence& evidence, const TopologyInfo& topology);

// Share of the worker threads' wanted CPU time spent waiting in the run queue:
// sum(wait) / sum(busy + wait) over the workers, 0 when nothing was measured.
double runqWaitShare(const RunEvidence& evidence);

// PUs the run may use at all: the machine's, within the cgroup's cpuset when known.
CpuSet usablePus(const RunEvidence& evidence);

// PUs the workers together could reach: the union of their cpusets, or the
// conductor's allowed set (else the machine) when no cpuset was reported.
CpuSet reachablePus(const RunEvidence& evidence);

// MPI ranks among the workers (a command run whose launcher set rank
// variables, external/mpi_rank.h); 0 for anything else.
int mpiRanks(const RunEvidence& evidence);

// How many PUs a command was started on: what its placement gave it (all
// allowed PUs for `inherit`, one for `single`, ...). Its processes can narrow
// themselves below that; nothing of theirs is wider.
int commandStartPus(const RunEvidence& evidence);

// Findings of one run, most severe first.
std::vector<Finding> adviseRun(const RunEvidence& evidence);

// The outcome of one sweep point, for the sweep rules.
struct SweepPointOutcome {
    std::string label;
    int runs = 0; // measured runs attempted (warm-ups not counted)
    int failedRuns = 0;
    std::string firstError; // message of the first failure, "" when none
};

// Findings of a whole sweep: run-failed, base-failed, slower-than-serial,
// superlinear and good-scaling, each within its series.
// One series of a sweep (the points that differ only in workers and
// threads) and its speedups; no scaling when its base point failed.
struct SeriesScaling {
    std::string name; // "workload=svd", "" for a sweep of one series
    std::string baseLabel;
    std::optional<ScalingAnalysis> scaling;
};

struct SweepAdviceContext {
    int allowedPus = 0; // PUs the sweep's workers could use
    int warmupRuns = -1; // warm-up runs per point, -1 unknown
};

// A speedup above what the added PUs can give (1 + this share) is reported
// as superlinear, never praised.
inline constexpr double kSuperlinearTolerance = 0.05;
// A base whose slowest repetition is this much slower than its fastest is noisy.
inline constexpr double kNoisyBaseSpread = 0.10;

std::vector<Finding> adviseSweep(const std::vector<SeriesScaling>& series,
                                 const std::vector<SweepPointOutcome>& outcomes, const SweepAdviceContext& context);

} // namespace oversub::analysis
