// The rules of one run. Each rule reads RunEvidence and adds at most one
// finding; docs/analysis.md lists them with their thresholds.

#include "analysis/advice_text.h"
#include "analysis/advisor.h"

#include <algorithm>
#include <numeric>

namespace oversub::analysis {

namespace {

int runnableThreads(const RunEvidence& e) { return e.workers * e.threadsPerWorker; }

bool allWorkersShareOneCpuset(const RunEvidence& e) {
    if (e.workerStats.empty() || e.workerStats.front().cpuset.empty()) return false;
    return std::all_of(e.workerStats.begin(), e.workerStats.end(),
                       [&](const WorkerEvidence& w) { return w.cpuset == e.workerStats.front().cpuset; });
}

nlohmann::json workerCpusets(const RunEvidence& e) {
    auto out = nlohmann::json::array();
    for (const auto& w : e.workerStats)
        out.push_back({{"worker", w.worker}, {"pid", w.pid}, {"cpuset", w.cpuset.toList()}});
    return out;
}

// Capacity the run's threads could use: the PUs they could reach, further
// limited by a cgroup CPU quota.
double usableCpus(const RunEvidence& e) {
    double capacity = reachablePus(e).count();
    if (e.cgroupQuotaCpus && *e.cgroupQuotaCpus > 0) capacity = std::min(capacity, *e.cgroupQuotaCpus);
    return capacity;
}

void affinityNarrowed(const RunEvidence& e, std::vector<Finding>& out) {
    const int machineCount = e.machinePus.count();
    if (machineCount == 0) return;
    const CpuSet reach = reachablePus(e);
    const int needed = std::min(machineCount, runnableThreads(e));
    if (reach.count() >= needed) return;

    std::string text;
    if (allWorkersShareOneCpuset(e))
        text = (e.workers == 1   ? std::string("the worker was")
                : e.workers == 2 ? std::string("both workers were")
                                 : "all " + std::to_string(e.workers) + " workers were") +
               " allowed only " + puPhrase(reach);
    else
        text = "the " + counted(e.workers, "worker", "workers") + " together could reach only " + puPhrase(reach);
    text += " (" + std::to_string(reach.count()) + " of the machine's " + std::to_string(machineCount) +
            " PUs, for " + counted(runnableThreads(e), "thread", "threads") + ")";

    const bool cgroupLimits = !e.cgroupCpus.empty() && e.cgroupCpus.count() < machineCount &&
                              !e.conductorAllowed.empty() && e.conductorAllowed == e.cgroupCpus;
    const bool inherited = !e.conductorAllowed.empty() && e.conductorAllowed.count() < machineCount;
    const std::string pid = e.parentPid > 0 ? std::to_string(e.parentPid) : "$$";
    std::string fix;
    if (cgroupLimits) {
        text += ": the cgroup's cpuset limits this process to " + puPhrase(e.cgroupCpus) +
                ". Fix: give the container or cgroup more CPUs.";
        fix = "raise the cgroup cpuset";
    } else if (inherited) {
        fix = "taskset -p " + e.machinePus.toHexMask() + " " + pid;
        text += ": affinity inherited from the parent, which was allowed only " + puPhrase(e.conductorAllowed) +
                ". Fix: run `" + fix + "` on the parent shell and start again, or use --affinity scatter.";
    } else {
        fix = "--affinity scatter";
        text += ": the affinity policy '" + e.affinityPolicy + "' put " + (e.workers == 1 ? "it" : "them") +
                " there. Fix: use --affinity scatter to spread the workers over the machine's PUs.";
    }

    out.push_back({std::string(kAffinityNarrowed), std::string(kSeverityProblem), text,
                   {{"machine_pus", machineCount},
                    {"machine_cpuset", e.machinePus.toList()},
                    {"conductor_allowed", e.conductorAllowed.toList()},
                    {"cgroup_cpuset", e.cgroupCpus.toList()},
                    {"reachable_pus", reach.count()},
                    {"reachable_cpuset", reach.toList()},
                    {"runnable_threads", runnableThreads(e)},
                    {"workers", workerCpusets(e)},
                    {"cause", cgroupLimits ? "cgroup" : inherited ? "inherited" : "policy"},
                    {"fix", fix}}});
}

void oversubscribed(const RunEvidence& e, std::vector<Finding>& out) {
    const double capacity = usableCpus(e);
    const int runnable = runnableThreads(e);
    if (capacity <= 0 || runnable <= capacity) return;

    const double share = runqWaitShare(e);
    double waitSeconds = 0, busySeconds = 0;
    for (const auto& w : e.workerStats) {
        waitSeconds += w.runqWaitSeconds;
        busySeconds += w.runqWaitSeconds + w.busySeconds;
    }
    const bool measured = busySeconds > 0;
    const bool quotaBinds = e.cgroupQuotaCpus && *e.cgroupQuotaCpus < reachablePus(e).count();
    const double factor = runnable / capacity;

    std::string text = std::to_string(runnable) + " runnable threads (" + counted(e.workers, "worker", "workers") +
                       " x " + counted(e.threadsPerWorker, "thread", "threads") + ") on " +
                       (quotaBinds ? fixed(capacity, 1) + " CPUs of cgroup quota"
                                   : counted(static_cast<long long>(capacity), "PU", "PUs")) +
                       ": oversubscribed x" + fixed(factor, factor == static_cast<int>(factor) ? 0 : 1);
    text += measured ? ", " + percent(share) + " of worker time spent waiting in the run queue"
                     : ", run-queue wait not measured";
    text += ". Keep workers x threads at or below " + std::to_string(static_cast<int>(capacity)) +
            " (e.g. --threads 1).";

    const bool costly = measured && share >= kRunqWaitProblemShare;
    out.push_back({std::string(kOversubscribed), std::string(costly ? kSeverityProblem : kSeverityWarning), text,
                   {{"runnable_threads", runnable},
                    {"workers", e.workers},
                    {"threads_per_worker", e.threadsPerWorker},
                    {"usable_cpus", capacity},
                    {"factor", factor},
                    {"runq_wait_share", measured ? nlohmann::json(share) : nlohmann::json()},
                    {"runq_wait_s", waitSeconds}}});
}

// Threads waited for a CPU although the run asked for no more than it had:
// something else on the machine competed, and the timings say less.
void cpuContention(const RunEvidence& e, std::vector<Finding>& out) {
    const double capacity = usableCpus(e);
    if (capacity <= 0 || runnableThreads(e) > capacity) return; // that is `oversubscribed`
    const double share = runqWaitShare(e);
    if (share < kContentionWaitShare) return;
    double waitSeconds = 0;
    for (const auto& w : e.workerStats) waitSeconds += w.runqWaitSeconds;
    const std::string text = "the worker threads spent " + percent(share) +
                             " of their time waiting in the run queue although the run asked for no more threads (" +
                             std::to_string(runnableThreads(e)) + ") than it had PUs (" +
                             std::to_string(static_cast<int>(capacity)) +
                             "): other processes competed for the CPUs, so these timings are not reliable.";
    out.push_back({std::string(kCpuContention), std::string(kSeverityWarning), text,
                   {{"runq_wait_share", share}, {"runq_wait_s", waitSeconds}, {"runnable_threads", runnableThreads(e)},
                    {"usable_cpus", capacity}}});
}

void memoryBound(const RunEvidence& e, std::vector<Finding>& out) {
    if (!e.gbps || !e.machineBandwidthGbps || *e.machineBandwidthGbps <= 0) return;
    const double share = *e.gbps / *e.machineBandwidthGbps;
    // Far above what memory can deliver, the data was served from cache.
    if (share < kMemoryBoundShareOfTriad || share > kAboveMemoryShareOfTriad) return;
    const std::string text = e.workload + " at " + fixed(*e.gbps, 1) + " GB/s, the machine's measured bandwidth is " +
                             fixed(*e.machineBandwidthGbps, 1) + " GB/s (" + percent(share) +
                             "): memory-bound, more workers will not help.";
    out.push_back({std::string(kMemoryBound), std::string(kSeverityWarning), text,
                   {{"gbps", *e.gbps}, {"machine_gbps", *e.machineBandwidthGbps}, {"share", share}}});
}

void deliveryDominated(const RunEvidence& e, std::vector<Finding>& out) {
    const auto& p = e.phases;
    const double overhead = p.delivery + p.collect;
    if (overhead <= 0 || overhead <= p.compute) return;
    std::string cure;
    if (e.delivery == "pipe") cure = "deliver by fork or shm instead of pipe";
    if (e.resultReturn == "full") cure += std::string(cure.empty() ? "" : ", ") + "return a scalar instead of the full result";
    if (cure.empty()) cure = "give each task more work (larger size or more iterations)";
    const std::string text = "delivering inputs (" + duration(p.delivery) + ") and collecting results (" +
                             duration(p.collect) + ") took longer than computing (" + duration(p.compute) +
                             "): " + cure + ".";
    out.push_back({std::string(kDeliveryDominated), std::string(kSeverityWarning), text,
                   {{"delivery_s", p.delivery}, {"collect_s", p.collect}, {"compute_s", p.compute},
                    {"delivery", e.delivery}, {"result", e.resultReturn}}});
}

void loadImbalance(const RunEvidence& e, std::vector<Finding>& out) {
    if (e.workerStats.size() < 2) return;
    double total = 0;
    for (const auto& w : e.workerStats) total += w.busySeconds;
    const double mean = total / static_cast<double>(e.workerStats.size());
    if (mean <= 0) return;
    const auto busiest = std::max_element(e.workerStats.begin(), e.workerStats.end(),
                                          [](const auto& a, const auto& b) { return a.busySeconds < b.busySeconds; });
    const double ratio = busiest->busySeconds / mean;
    if (ratio <= kLoadImbalanceRatio || busiest->busySeconds < kLoadImbalanceMinSeconds) return;
    const std::string text = "worker " + std::to_string(busiest->worker) + " was busy " +
                             duration(busiest->busySeconds) + ", " + fixed(ratio, 2) + "x the mean of " +
                             duration(mean) + " over " + counted(static_cast<long long>(e.workerStats.size()), "worker", "workers") +
                             ": the work was split unevenly (try more tasks, a smaller chunk or --schedule dynamic).";
    auto busy = nlohmann::json::array();
    for (const auto& w : e.workerStats) busy.push_back({{"worker", w.worker}, {"busy_s", w.busySeconds}, {"tasks", w.tasks}});
    out.push_back({std::string(kLoadImbalance), std::string(kSeverityWarning), text,
                   {{"busiest_worker", busiest->worker}, {"ratio", ratio}, {"mean_busy_s", mean}, {"workers", busy}}});
}

// PUs that had a busy thread: the sampled CPUs when known, else the single
// PU a worker was pinned to.
CpuSet occupiedPus(const RunEvidence& e) {
    CpuSet occupied;
    for (const auto& w : e.workerStats) {
        if (!w.busyThreadCpus.empty()) {
            for (int cpu : w.busyThreadCpus)
                if (cpu >= 0) occupied.add(cpu);
        } else if (w.cpuset.count() == 1) {
            occupied.add(w.cpuset.first());
        }
    }
    return occupied;
}

void smtShared(const RunEvidence& e, std::vector<Finding>& out) {
    if (e.corePus.empty()) return;
    const CpuSet occupied = occupiedPus(e);
    const CpuSet region = !e.conductorAllowed.empty() ? e.conductorAllowed : e.machinePus;
    std::vector<int> sharedCores, freeCores;
    for (size_t core = 0; core < e.corePus.size(); ++core) {
        const CpuSet busyHere = e.corePus[core] & occupied;
        if (busyHere.count() >= 2) sharedCores.push_back(static_cast<int>(core));
        if (busyHere.empty() && !e.corePus[core].empty() && e.corePus[core].isSubsetOf(region))
            freeCores.push_back(static_cast<int>(core));
    }
    if (sharedCores.empty() || freeCores.empty()) return;
    const int core = sharedCores.front();
    const std::string text = "busy threads ran on " + puPhrase(e.corePus[core] & occupied) +
                             ", SMT siblings of core " + std::to_string(core) + ", while " +
                             counted(static_cast<long long>(freeCores.size()), "whole core", "whole cores") +
                             " had none: use --affinity scatter to place workers on separate cores first.";
    out.push_back({std::string(kSmtShared), std::string(kSeverityWarning), text,
                   {{"shared_cores", sharedCores}, {"free_cores", freeCores}, {"busy_pus", occupied.toList()}}});
}

void goodScaling(const RunEvidence& e, std::vector<Finding>& out) {
    const int runnable = runnableThreads(e);
    if (runnable < 2 || e.wallSeconds <= 0) return;
    if (std::any_of(out.begin(), out.end(), [](const Finding& f) { return f.severity != kSeverityInfo; })) return;
    double busy = 0;
    for (const auto& w : e.workerStats) busy += w.busySeconds;
    const double usable = std::min<double>(runnable, usableCpus(e));
    if (busy <= 0 || usable <= 0) return;
    const double share = busy / (e.wallSeconds * usable);
    if (share < kGoodScalingBusyShare) return;
    const std::string text = counted(e.workers, "worker", "workers") + " x " +
                             counted(e.threadsPerWorker, "thread", "threads") + " kept " +
                             counted(static_cast<long long>(usable), "PU", "PUs") + " " + percent(std::min(share, 1.0)) +
                             " busy with nothing in the way: this run uses its cores well.";
    out.push_back({std::string(kGoodScaling), std::string(kSeverityInfo), text,
                   {{"busy_share", share}, {"busy_s", busy}, {"wall_s", e.wallSeconds}, {"usable_cpus", usable}}});
}

} // namespace

void setMachine(RunEvidence& evidence, const TopologyInfo& topology) {
    evidence.machinePus = topology.allPus();
    evidence.corePus.clear();
    for (int core = 0; core < topology.cores; ++core) evidence.corePus.push_back(topology.pusOfCore(core));
    if (evidence.conductorAllowed.empty()) evidence.conductorAllowed = topology.allowed;
}

double runqWaitShare(const RunEvidence& evidence) {
    double wait = 0, wanted = 0;
    for (const auto& w : evidence.workerStats) {
        wait += w.runqWaitSeconds;
        wanted += w.runqWaitSeconds + w.busySeconds;
    }
    return wanted > 0 ? wait / wanted : 0;
}

CpuSet reachablePus(const RunEvidence& evidence) {
    CpuSet reach;
    for (const auto& w : evidence.workerStats) reach |= w.cpuset;
    if (!reach.empty()) return reach;
    return !evidence.conductorAllowed.empty() ? evidence.conductorAllowed : evidence.machinePus;
}

std::vector<Finding> adviseRun(const RunEvidence& evidence) {
    std::vector<Finding> out;
    affinityNarrowed(evidence, out);
    oversubscribed(evidence, out);
    cpuContention(evidence, out);
    memoryBound(evidence, out);
    deliveryDominated(evidence, out);
    loadImbalance(evidence, out);
    smtShared(evidence, out);
    goodScaling(evidence, out);
    sortBySeverity(out);
    return out;
}

} // namespace oversub::analysis
