// The rules of one run. Each rule reads RunEvidence and adds at most one
// finding; docs/analysis.md lists them with their thresholds. A rule's fix is
// computed from the knobs the run had and never names a value it already had:
// when no knob change would help, the sentence says so and names what would
// (a shell command, or something outside Oversub).

#include "analysis/advice_text.h"
#include "analysis/advisor.h"
#include "analysis/advisor_measurement.h"
#include "analysis/advisor_mpi.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace oversub::analysis {

namespace {

int runnableThreads(const RunEvidence& e) { return e.workers * e.threadsPerWorker; }

int workersSetting(const RunEvidence& e) { return e.workersSetting > 0 ? e.workersSetting : e.workers; }
int threadsSetting(const RunEvidence& e) { return e.threadsSetting > 0 ? e.threadsSetting : e.threadsPerWorker; }
bool isCommand(const RunEvidence& e) { return e.commandRun || e.workload == "command"; }
std::string str(long long value) { return std::to_string(value); }

CpuSet allowedPus(const RunEvidence& e) { return e.conductorAllowed.empty() ? usablePus(e) : e.conductorAllowed; }

// A policy change; custom cpu lists are refused with any other policy, so they go too.
void changePolicy(const RunEvidence& e, const std::string& policy, Fix& fix) {
    fix.knobs.push_back({"affinity", policy, e.affinityPolicy});
    if (!e.cpus.empty() && policy != "custom") fix.knobs.push_back({"cpus", "", e.cpus});
}

// The first `n` of ';'-separated cpu lists; one list (for all workers) stays.
std::string firstCpuLists(const std::string& cpus, int n) {
    size_t end = std::string::npos, from = 0;
    for (int i = 0; i < n; ++i) {
        end = cpus.find(';', from);
        if (end == std::string::npos) return cpus;
        from = end + 1;
    }
    return cpus.substr(0, end);
}

// Fewest workers above `tasks` that share out evenly: the next multiple of
// `workers`, or the one below when that passes the knob's limit.
long long evenTasks(long long tasks, int workers) {
    constexpr long long kMaxTasks = 1000000;
    const long long next = (tasks / workers + 1) * workers;
    return next <= kMaxTasks ? next : std::max<long long>(workers, (kMaxTasks / workers) * workers);
}

// "2 workers", or "2 MPI ranks" when the command's workers were ranks.
std::string workersPhrase(const RunEvidence& e) {
    return mpiRanks(e) > 0 ? counted(e.workers, "MPI rank", "MPI ranks") : counted(e.workers, "worker", "workers");
}

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
    if (rankBindingExplainsNarrowing(e)) return; // said rank by rank (advisor_mpi.h)

    std::string text;
    if (allWorkersShareOneCpuset(e))
        text = (e.workers == 1   ? std::string("the worker was")
                : e.workers == 2 ? std::string("both workers were")
                                 : "all " + std::to_string(e.workers) + " workers were") +
               " allowed only " + puPhrase(reach);
    else text = "the " + counted(e.workers, "worker", "workers") + " together could reach only " + puPhrase(reach);
    text += " (" + std::to_string(reach.count()) + " of the machine's " + std::to_string(machineCount) + " PUs, for " +
            counted(runnableThreads(e), "thread", "threads") + ")";

    // Placement works inside the conductor's allowed set. Narrower than that,
    // the policy (or, for a command, the program itself) put them there; the
    // allowed set narrower than the usable PUs was inherited from the parent;
    // equal to a cgroup cpuset smaller than the machine, the cgroup is the cause.
    const CpuSet usable = usablePus(e);
    const CpuSet allowed = allowedPus(e);
    const int runnable = runnableThreads(e);
    const bool placedNarrower = reach.count() < std::min(allowed.count(), runnable);
    const bool inheritedMask = allowed.count() < usable.count();
    const std::string shell = "taskset -a -p " + usable.toHexMask() + " " +
                              (e.parentPid > 0 ? std::to_string(e.parentPid) : std::string("$$"));
    std::string cause;
    Fix fix;
    if (placedNarrower || (!inheritedMask && usable.count() == machineCount)) {
        if (isCommand(e) && reach.count() < commandStartPus(e) && mpiRanks(e) > 0) {
            cause = "launcher";
            fix.outside = "give each rank its own PUs: mpirun --map-by slot:PE=" + str(threadsSetting(e)) +
                          " --bind-to core (Open MPI), srun --cpus-per-task=" + str(threadsSetting(e)) +
                          " (Slurm), or mpirun --bind-to none";
            text += ": the MPI launcher bound the ranks there, narrower than the PUs it was started on. Fix: " +
                    fix.outside + ".";
        } else if (isCommand(e) && reach.count() < commandStartPus(e)) {
            cause = "program";
            fix.outside = "widen the affinity inside the program";
            text += ": the program narrowed its own affinity after it started (NumPy's OpenBLAS can do that at "
                    "import), which no Oversub setting undoes. Fix: widen it inside the program before it starts "
                    "its workers (in Python os.sched_setaffinity(0, range(os.cpu_count())) right after the imports).";
        } else {
            cause = "policy";
            // A command's processes are not the workers placement counted: give it every allowed PU.
            const std::string to = isCommand(e) || e.affinityPolicy == "scatter" ? "inherit" : "scatter";
            changePolicy(e, to, fix);
            const std::string who = e.affinityPolicy == "custom" ? "the custom cpu lists '" + e.cpus + "'"
                                                                 : "the affinity policy '" + e.affinityPolicy + "'";
            text += ": " + who + " put " + (e.workers == 1 ? "it" : "them") + " there. Fix: use " + flagsOf(fix.knobs) +
                    (to == "scatter" ? " to spread the workers over the allowed PUs"
                                     : " to let " + std::string(isCommand(e) ? "the command" : "every worker") +
                                           " use all allowed PUs") +
                    ".";
        }
        if (inheritedMask) {
            fix.shell = shell;
            text += " The parent's mask (" + puPhrase(allowed) + ") narrows it too: `" + shell + "` widens it.";
        }
    } else if (inheritedMask) {
        cause = "inherited";
        fix.shell = shell;
        text += ": affinity inherited from the parent, which was allowed only " + puPhrase(allowed) +
                "; no affinity policy places workers outside that. Fix: run `" + shell +
                "` to widen the parent shell and start again, or start oversub-cli from a shell that is not narrowed.";
    } else {
        cause = "cgroup";
        fix.outside = "give the container or cgroup more CPUs";
        text +=
            ": the cgroup's cpuset limits this process to " + puPhrase(usable) +
            ", which neither an Oversub setting nor taskset can leave. Fix: give the container or cgroup more CPUs.";
    }

    nlohmann::json evidence{{"machine_pus", machineCount},
                            {"machine_cpuset", e.machinePus.toList()},
                            {"conductor_allowed", e.conductorAllowed.toList()},
                            {"cgroup_cpuset", e.cgroupCpus.toList()},
                            {"reachable_pus", reach.count()},
                            {"reachable_cpuset", reach.toList()},
                            {"runnable_threads", runnable},
                            {"workers", workerCpusets(e)},
                            {"cause", cause}};
    addFix(evidence, fix);
    out.push_back({std::string(kAffinityNarrowed), std::string(kSeverityProblem), text, std::move(evidence)});
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

    std::string text = std::to_string(runnable) + " runnable threads (" + workersPhrase(e) + " x " +
                       counted(e.threadsPerWorker, "thread", "threads") + ") on " +
                       (quotaBinds ? fixed(capacity, 1) + " CPUs of cgroup quota"
                                   : counted(static_cast<long long>(capacity), "PU", "PUs")) +
                       ": oversubscribed x" + fixed(factor, factor == static_cast<int>(factor) ? 0 : 1);
    text += measured ? ", " + percent(share) + " of worker time spent waiting in the run queue"
                     : ", run-queue wait not measured";

    // Fewer threads per worker first (the workers stay), then fewer workers.
    // --threads reaches BLAS kernels and a command's thread variables, not
    // the other kernels; a command starts as many processes as it likes.
    const int fit = std::max(1, static_cast<int>(std::floor(capacity + 1e-9)));
    const int procs = e.workers, threads = e.threadsPerWorker;
    const bool threadsKnobCounts = isCommand(e) || threadsSetting(e) == threads;
    Fix fix;
    if (threads > 1 && threadsKnobCounts)
        fix.knobs.push_back({"threads", str(procs <= fit ? fit / procs : 1), str(threadsSetting(e))});
    const bool tooManyProcesses = procs > fit;
    if (tooManyProcesses && workersSetting(e) > fit) {
        fix.knobs.push_back({"workers", str(fit), str(workersSetting(e))});
        // Custom lists given one per worker must shrink with the workers.
        const std::string lists = firstCpuLists(e.cpus, fit);
        if (e.affinityPolicy == "custom" && lists != e.cpus) fix.knobs.push_back({"cpus", lists, e.cpus});
    }
    const bool programsChoice = tooManyProcesses && workersSetting(e) <= fit; // only a command gets here

    const std::string bound = quotaBinds ? fixed(capacity, 1) + " CPUs of cgroup quota" : counted(fit, "PU", "PUs");
    if (!fix.knobs.empty()) {
        text += ". Fix: " + flagsOf(fix.knobs) + " keeps workers x threads at or below " + std::to_string(fit);
        if (isCommand(e))
            for (const auto& change : fix.knobs)
                text += change.knob == "threads" ? " (the command gets the thread count as OMP_NUM_THREADS and the "
                                                   "other thread variables)"
                                                 : " (the command gets the worker count as {workers} and "
                                                   "OVERSUB_WORKERS)";
        if (reachablePus(e).count() < std::min(e.machinePus.count(), runnable))
            text += rankBindingExplainsNarrowing(e)
                        ? "; binding the ranks more widely (see the rank findings) would let them all run instead"
                        : "; widening the affinity (affinity-narrowed) would let them all run instead";
        if (quotaBinds) text += "; or raise the cgroup's CPU quota";
    }
    if (programsChoice) {
        fix.outside = "make the program start at most " + counted(fit, "process", "processes");
        text += std::string(fix.knobs.empty() ? ". The" : ". Also: the") + " program started " +
                counted(procs, "busy process", "busy processes") + ", more than the " +
                counted(workersSetting(e), "worker", "workers") +
                " it was given, so no knob lowers that: " + fix.outside + " (e.g. Pool(processes=" + str(fit) + "))";
    } else if (fix.knobs.empty()) {
        fix.outside = "raise the cgroup's CPU quota";
        text += ". No setting of workers and threads fits in " + bound + ": raise the cgroup's CPU quota";
    }
    text += ".";

    const bool costly = measured && share >= kRunqWaitProblemShare;
    nlohmann::json evidence{{"runnable_threads", runnable},
                            {"workers", e.workers},
                            {"threads_per_worker", e.threadsPerWorker},
                            {"usable_cpus", capacity},
                            {"factor", factor},
                            {"runq_wait_share", measured ? nlohmann::json(share) : nlohmann::json()},
                            {"runq_wait_s", waitSeconds}};
    addFix(evidence, fix);
    out.push_back({std::string(kOversubscribed), std::string(costly ? kSeverityProblem : kSeverityWarning), text,
                   std::move(evidence)});
}

// Threads waited for a CPU although the run asked for no more than it had:
// something else on the machine competed, and the timings say less.
void cpuContention(const RunEvidence& e, std::vector<Finding>& out) {
    if (!e.completed) return; // a run cut short has no timings to doubt
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
    out.push_back({std::string(kCpuContention),
                   std::string(kSeverityWarning),
                   text,
                   {{"runq_wait_share", share},
                    {"runq_wait_s", waitSeconds},
                    {"runnable_threads", runnableThreads(e)},
                    {"usable_cpus", capacity}}});
}

void deliveryDominated(const RunEvidence& e, std::vector<Finding>& out) {
    if (isCommand(e)) return; // a command has no delivery or collect phase of Oversub's
    const auto& p = e.phases;
    const double overhead = p.delivery + p.collect;
    if (overhead <= 0 || overhead <= p.compute) return;
    Fix fix;
    std::string why;
    if (e.delivery == "pipe") {
        fix.knobs.push_back({"delivery", "fork", e.delivery});
        why = "fork or shm hand the inputs over without copying them through the conductor's pipe";
    }
    if (e.resultReturn == "full") {
        fix.knobs.push_back({"result", "scalar", e.resultReturn});
        why +=
            std::string(why.empty() ? "" : ", ") + "a scalar result sends back one number instead of the whole output";
    }
    if (fix.knobs.empty()) {
        // Delivery is paid once per task, compute once per iteration: enough
        // iterations make compute twice the overhead.
        constexpr long long kMaxIterations = 1000000;
        const double factor = p.compute > 0 ? std::max(2.0, std::ceil(2 * overhead / p.compute)) : 10.0;
        const long long iterations = std::min<long long>(
            kMaxIterations, static_cast<long long>(std::min(1e12, static_cast<double>(e.iterations) * factor)));
        if (iterations > e.iterations) {
            fix.knobs.push_back({"iterations", str(iterations), str(e.iterations)});
            why = "each task then computes longer for the same delivery";
        } else {
            fix.outside = "give each task more work (a larger size)";
        }
    }
    // With delivery=generate each worker builds its own inputs: nothing is delivered.
    const std::string inputs = e.delivery == "generate" ? "generating inputs in the workers" : "delivering inputs";
    std::string text = inputs + " (" + duration(p.delivery) + ") and collecting results (" + duration(p.collect) +
                       ") took longer than computing (" + duration(p.compute) + "): ";
    text += fix.knobs.empty() ? "with " + str(e.iterations) + " iterations a task already, " + fix.outside + "."
                              : "use " + flagsOf(fix.knobs) + " (" + why + ").";
    nlohmann::json evidence{{"delivery_s", p.delivery},
                            {"collect_s", p.collect},
                            {"compute_s", p.compute},
                            {"delivery", e.delivery},
                            {"result", e.resultReturn}};
    addFix(evidence, fix);
    out.push_back({std::string(kDeliveryDominated), std::string(kSeverityWarning), text, std::move(evidence)});
}

// The split that would even the work out, from the schedule the run had and
// the tasks each worker took: uneven counts come from tasks not dividing
// among the workers or from grabbing several at a time; even counts with
// uneven CPU time from tasks that cost differently, which only a dynamic
// schedule evens out.
Fix balancingFix(const RunEvidence& e, std::string& why) {
    Fix fix;
    if (isCommand(e)) {
        fix.outside = "balance the work inside the program";
        why = "Oversub's schedule, chunk and tasks drive only the built-in kernels, so balance it inside the "
              "program (e.g. a smaller chunksize in its pool)";
        return fix;
    }
    const int workers = std::max(1, e.workers);
    long long fewest = -1, most = 0;
    for (const auto& w : e.workerStats) {
        fewest = fewest < 0 ? w.tasks : std::min<long long>(fewest, w.tasks);
        most = std::max<long long>(most, w.tasks);
    }
    const bool unevenCounts = most > fewest && e.tasks % workers != 0;
    const long long even = evenTasks(e.tasks, workers);
    if (e.schedule == "static" && !unevenCounts) {
        fix.knobs.push_back({"schedule", "dynamic", e.schedule});
        if (e.chunk > 1) fix.knobs.push_back({"chunk", "1", str(e.chunk)});
        why = "dynamic hands the next task to whichever worker is free";
    } else if (e.schedule != "static" && e.chunk > 1) {
        fix.knobs.push_back({"chunk", "1", str(e.chunk)});
        if (unevenCounts && even != e.tasks) fix.knobs.push_back({"tasks", str(even), str(e.tasks)});
        why = "taking one task at a time evens out the last grabs";
    } else if (unevenCounts && even != e.tasks) {
        fix.knobs.push_back({"tasks", str(even), str(e.tasks)});
        why = str(e.tasks) + " tasks do not divide among " + counted(workers, "worker", "workers");
    } else {
        why = "the tasks were already handed out one at a time (dynamic, chunk 1), so no schedule setting splits them "
              "more evenly: the busiest worker's tasks cost more CPU time (it shared a core, its cache or memory "
              "bandwidth with other work)";
    }
    return fix;
}

void loadImbalance(const RunEvidence& e, std::vector<Finding>& out) {
    if (e.workerStats.size() < 2 || !e.completed) return;
    double total = 0;
    for (const auto& w : e.workerStats) total += w.busySeconds;
    const double mean = total / static_cast<double>(e.workerStats.size());
    if (mean <= 0) return;
    const auto busiest = std::max_element(e.workerStats.begin(), e.workerStats.end(),
                                          [](const auto& a, const auto& b) { return a.busySeconds < b.busySeconds; });
    const double ratio = busiest->busySeconds / mean;
    if (ratio <= kLoadImbalanceRatio || busiest->busySeconds < kLoadImbalanceMinSeconds) return;
    std::string why;
    const Fix fix = balancingFix(e, why);
    std::string text = "worker " + std::to_string(busiest->worker) + " was busy " + duration(busiest->busySeconds) +
                       ", " + fixed(ratio, 2) + "x the mean of " + duration(mean) + " over " +
                       counted(static_cast<long long>(e.workerStats.size()), "worker", "workers") +
                       ": the work was split unevenly";
    text += fix.knobs.empty() ? "; " + why + "." : ". Fix: " + flagsOf(fix.knobs) + " (" + why + ").";
    auto busy = nlohmann::json::array();
    for (const auto& w : e.workerStats)
        busy.push_back({{"worker", w.worker}, {"busy_s", w.busySeconds}, {"tasks", w.tasks}});
    nlohmann::json evidence{{"busiest_worker", busiest->worker},
                            {"ratio", ratio},
                            {"mean_busy_s", mean},
                            {"workers", busy},
                            {"schedule", e.schedule},
                            {"chunk", e.chunk},
                            {"tasks", e.tasks}};
    addFix(evidence, fix);
    out.push_back({std::string(kLoadImbalance), std::string(kSeverityWarning), text, std::move(evidence)});
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
    std::string text = "busy threads ran on " + puPhrase(e.corePus[core] & occupied) + ", SMT siblings of core " +
                       std::to_string(core) + ", while " +
                       counted(static_cast<long long>(freeCores.size()), "whole core", "whole cores") + " had none";
    // Scatter places W x T threads cores first; a command is started on
    // those PUs, too few when it ran more processes than --workers.
    const bool scatterFits = !isCommand(e) || runnableThreads(e) <= workersSetting(e) * threadsSetting(e);
    Fix fix;
    if (e.affinityPolicy != "scatter" && scatterFits) {
        changePolicy(e, "scatter", fix);
        text += ": use " + flagsOf(fix.knobs) + " to place workers on separate cores first.";
    } else if (e.affinityPolicy == "scatter") {
        text += "; the scatter policy it had already places workers on separate cores first, so no affinity "
                "setting separates them further (the scheduler or the program moved them).";
    } else {
        text += "; scatter would start the command on only " +
                str(static_cast<long long>(workersSetting(e)) * threadsSetting(e)) + " PUs for its " +
                str(runnableThreads(e)) + " threads, so no affinity setting separates them.";
    }
    nlohmann::json evidence{{"shared_cores", sharedCores}, {"free_cores", freeCores}, {"busy_pus", occupied.toList()}};
    addFix(evidence, fix);
    out.push_back({std::string(kSmtShared), std::string(kSeverityWarning), text, std::move(evidence)});
}

void goodScaling(const RunEvidence& e, std::vector<Finding>& out) {
    const int runnable = runnableThreads(e);
    if (runnable < 2 || !e.completed || e.wallSeconds <= 0) return;
    if (std::any_of(out.begin(), out.end(), [](const Finding& f) { return f.severity != kSeverityInfo; })) return;
    double busy = 0;
    for (const auto& w : e.workerStats) busy += w.busySeconds;
    const double usable = std::min<double>(runnable, usableCpus(e));
    if (busy <= 0 || usable <= 0) return;
    const double share = busy / (e.wallSeconds * usable);
    if (share < kGoodScalingBusyShare) return;
    const std::string text = workersPhrase(e) + " x " + counted(e.threadsPerWorker, "thread", "threads") + " kept " +
                             counted(static_cast<long long>(usable), "PU", "PUs") + " " +
                             percent(std::min(share, 1.0)) +
                             " busy with nothing in the way: this run uses its cores well.";
    out.push_back({std::string(kGoodScaling),
                   std::string(kSeverityInfo),
                   text,
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

CpuSet usablePus(const RunEvidence& e) {
    const CpuSet both = e.machinePus & e.cgroupCpus;
    return e.cgroupCpus.empty() || both.empty() ? e.machinePus : both;
}

int commandStartPus(const RunEvidence& e) {
    // Where a command started: every PU its placement gave (docs/architecture.md).
    const int allowed = allowedPus(e).count();
    if (e.affinityPolicy == "inherit") return allowed;
    if (e.affinityPolicy == "single") return 1;
    if (e.affinityPolicy == "custom") return reachablePus(e).count();
    return std::min(allowed, workersSetting(e) * threadsSetting(e));
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
    ranksOnOneCore(evidence, out);
    rankThreadsConfined(evidence, out);
    oversubscribed(evidence, out);
    cpuContention(evidence, out);
    memoryBound(evidence, out);
    cacheResident(evidence, out);
    deliveryDominated(evidence, out);
    shortRun(evidence, out);
    samplingBelowRate(evidence, out);
    loadImbalance(evidence, out);
    smtShared(evidence, out);
    goodScaling(evidence, out);
    for (auto& f : out)
        if (f.id == evidence.presetDemonstrates) {
            f.text = "This is the preset's demonstration, set up on purpose (not a mistake of yours): " + f.text +
                     " The preset's other point applies that fix.";
            f.evidence["preset_demonstration"] = true;
        }
    sortBySeverity(out);
    return out;
}

} // namespace oversub::analysis
