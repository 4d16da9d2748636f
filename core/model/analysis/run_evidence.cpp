#include "analysis/run_evidence.h"

#include "topology/cache_fit.h"

#include "topology/cpu_list.h"
#include "util/input_error.h"

#include <algorithm>
#include <map>

namespace oversub::analysis {
namespace {

// The processes of a command's tree that did its work. The command's own
// process (worker 0, discovered first) is a launcher when it has busy
// children (a shell, a Pool parent importing NumPy and then waiting): then
// the workers are the children busy for at least a tenth of the run.
// Without busy children the program is its own worker. When nothing was busy
// (a run too short to see), every process counts, so affinity is still checked.
// Under an MPI launcher the ranks are the workers, busy or not (a rank that
// waited all run long is part of the story). A rank's own children (a shell
// wrapper and the program it starts, `timeout prog`) inherit its rank
// variables: all processes of one rank count as one worker, the busiest of
// them standing for it (its pid and binding) with the CPU time, run-queue
// wait and switches of them all.
std::vector<events::WorkerStats> rankWorkers(const events::RunDone& done) {
    std::map<int, std::vector<const events::WorkerStats*>> byRank;
    for (const auto& w : done.workers)
        if (w.rank >= 0) byRank[w.rank].push_back(&w);
    std::vector<events::WorkerStats> ranks;
    for (const auto& [rank, processes] : byRank) {
        const auto busiest = *std::max_element(processes.begin(), processes.end(), [](const auto* a, const auto* b) {
            return a->cpuSeconds < b->cpuSeconds;
        });
        events::WorkerStats merged = *busiest;
        merged.cpuSeconds = merged.runqWaitSeconds = 0;
        merged.involuntaryCtxSwitches = merged.voluntaryCtxSwitches = 0;
        for (const auto* p : processes) {
            merged.cpuSeconds += p->cpuSeconds;
            merged.runqWaitSeconds += p->runqWaitSeconds;
            merged.involuntaryCtxSwitches += p->involuntaryCtxSwitches;
            merged.voluntaryCtxSwitches += p->voluntaryCtxSwitches;
        }
        ranks.push_back(std::move(merged));
    }
    return ranks;
}

std::vector<events::WorkerStats> busyProcesses(const events::RunDone& done) {
    if (auto ranks = rankWorkers(done); !ranks.empty()) return ranks;
    constexpr double kBusyShareOfWall = 0.1;
    auto busy = [&](const events::WorkerStats& w) {
        return done.wallSeconds > 0 && w.cpuSeconds >= kBusyShareOfWall * done.wallSeconds;
    };
    std::vector<events::WorkerStats> children, root;
    for (const auto& w : done.workers)
        if (busy(w)) (w.worker == 0 ? root : children).push_back(w);
    if (!children.empty()) return children;
    if (!root.empty()) return root;
    return done.workers;
}

} // namespace

RunEvidence evidenceFromRun(const Experiment& experiment, const events::RunDone& done, const TopologyInfo& topology,
                            const RunContext& context) {
    RunEvidence e;
    e.workload = std::string(toString(experiment.workload));
    e.workers = experiment.workers;
    // Only the BLAS kernels start threads; the others run one per worker.
    const bool usesBlasThreads = experiment.workload == Workload::Gemm || experiment.workload == Workload::Svd;
    e.threadsPerWorker = usesBlasThreads ? experiment.threads : 1;
    e.affinityPolicy = std::string(toString(experiment.affinity));
    e.delivery = std::string(toString(experiment.delivery));
    e.resultReturn = std::string(toString(experiment.result));
    if (experiment.calibration) e.calibratedDuration = experiment.calibration->targetSeconds;
    if (experiment.preset.is_object() && experiment.preset.contains("demonstrates") &&
        experiment.preset["demonstrates"].is_string())
        e.presetDemonstrates = experiment.preset["demonstrates"].get<std::string>();
    e.completed = done.status == events::RunStatus::Ok;
    e.workersSetting = experiment.workers;
    e.threadsSetting = experiment.threads;
    e.schedule = std::string(toString(experiment.schedule));
    e.chunk = experiment.chunk;
    e.tasks = experiment.tasks;
    e.iterations = experiment.iterations;
    e.cpus = experiment.cpus;
    e.conductorAllowed = context.conductorAllowed;
    setMachine(e, topology);
    e.cgroupCpus = context.cgroupCpus;
    e.cgroupQuotaCpus = context.cgroupQuotaCpus;
    e.parentPid = context.parentPid;
    e.machineBandwidthGbps = context.machineBandwidthGbps;

    const bool commandRun = !experiment.command.empty();
    const std::vector<events::WorkerStats> workers = commandRun ? busyProcesses(done) : done.workers;
    if (commandRun) {
        // A command's workers are the processes that did the work; each was
        // handed `threads` in its thread variables.
        e.workload = "command";
        e.commandRun = true;
        e.workers = static_cast<int>(workers.size());
        e.threadsPerWorker = experiment.threads;
        // Ranks started with one OMP_NUM_THREADS of their own (mpirun -x) run that many.
        const int own = workers.empty() ? 0 : workers.front().ompThreads;
        if (own > 0 && std::all_of(workers.begin(), workers.end(), [&](const auto& w) { return w.ompThreads == own; }))
            e.threadsPerWorker = own;
    }
    for (const auto& w : workers) {
        WorkerEvidence we;
        we.worker = w.worker;
        we.pid = w.pid;
        we.tasks = static_cast<int>(w.tasks);
        we.busySeconds = w.cpuSeconds;
        we.runqWaitSeconds = w.runqWaitSeconds;
        we.rank = w.rank;
        we.ompThreads = w.ompThreads;
        if (!w.cpuset.empty()) {
            try {
                we.cpuset = parsePlainCpuList(w.cpuset, "cpuset");
            } catch (const InputError&) {
                // Unknown placement: the rules fall back to the allowed set.
            }
        }
        e.workerStats.push_back(std::move(we));
    }
    const auto& p = done.phases;
    e.phases = {p.prepareSeconds, p.spawnSeconds, p.deliverySeconds, p.computeSeconds,
                p.collectSeconds, p.waitSeconds,  p.teardownSeconds};
    e.size = experiment.size;
    if (!done.fitsIn.empty()) {
        const CacheFit fit = cacheFit(done.workingSetBytes, experiment.workers, topology);
        e.fitsIn = done.fitsIn;
        e.workingSetBytes = done.workingSetBytes;
        e.cacheShareBytes = fit.shareBytes;
    }
    e.wallSeconds = done.wallSeconds;
    if (done.gbps > 0) e.gbps = done.gbps;
    if (done.sampling) {
        e.requestedSampleHz = done.sampling->requestedHz;
        e.achievedSampleHz = done.sampling->achievedHz;
        e.longestSampleGapSeconds = done.sampling->longestGapSeconds;
        e.samples = done.sampling->samples;
    }
    return e;
}

std::vector<events::Finding> toEventFindings(const std::vector<Finding>& findings) {
    std::vector<events::Finding> out;
    out.reserve(findings.size());
    for (const auto& f : findings) out.push_back({f.id, f.severity, f.text, f.evidence});
    return out;
}

std::vector<Finding> fromEventFindings(const std::vector<events::Finding>& findings) {
    std::vector<Finding> out;
    out.reserve(findings.size());
    for (const auto& f : findings) out.push_back({f.id, f.severity, f.text, f.evidence});
    return out;
}

} // namespace oversub::analysis
