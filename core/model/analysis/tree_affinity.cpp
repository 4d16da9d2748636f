#include "analysis/tree_affinity.h"

#include "analysis/advice_text.h"

#include <algorithm>

namespace oversub::analysis {

int runnableThreadsIn(const sampler::Snapshot& snapshot) {
    int runnable = 0;
    for (const auto& t : snapshot.threads)
        if (t.state == 'R' || t.run + t.runqWait >= 0.5) ++runnable;
    return runnable;
}

namespace {

std::string pidList(const std::vector<int>& pids) {
    std::string out;
    for (int pid : pids) out += (out.empty() ? "" : ", ") + std::to_string(pid);
    return out;
}

} // namespace

std::optional<Finding> adviseTreeAffinity(const TreeAffinityEvidence& e) {
    const CpuSet usable = e.usablePus.empty() ? e.machinePus : (e.usablePus & e.machinePus);
    CpuSet reach;
    for (const auto& p : e.processes) reach |= p.cpuset;
    if (usable.empty() || reach.empty()) return std::nullopt;
    const int needed = std::min(usable.count(), e.peakRunnableThreads);
    if ((reach & usable).count() >= needed) return std::nullopt;

    std::vector<int> allPids, narrowed;
    auto processes = nlohmann::json::array();
    for (const auto& p : e.processes) {
        allPids.push_back(p.pid);
        processes.push_back({{"pid", p.pid}, {"cpuset", p.cpuset.toList()}});
        if (!p.cpuset.empty() && !usable.isSubsetOf(p.cpuset)) narrowed.push_back(p.pid);
    }
    std::vector<std::string> fix;
    fix.reserve(narrowed.size());
    for (int pid : narrowed) fix.push_back("taskset -a -p " + usable.toHexMask() + " " + std::to_string(pid));

    const auto count = static_cast<long long>(e.processes.size());
    std::string text = "the watched tree's " + counted(count, "process", "processes") + " (pid" +
                       (count == 1 ? " " : "s ") + pidList(allPids) + ") could together run only on " +
                       puPhrase(reach) + " (" + std::to_string(reach.count()) + " of the " +
                       std::to_string(usable.count()) + " usable PUs) while up to " +
                       counted(e.peakRunnableThreads, "thread", "threads") +
                       " wanted a CPU at once: they took turns instead of running side by side. Fix: widen " +
                       (narrowed.size() == 1 ? "the running process" : "each running process") + " with ";
    for (size_t i = 0; i < fix.size(); ++i)
        text += (i == 0 ? "" : i + 1 == fix.size() ? " and " : ", ") + ("`" + fix[i] + "`");
    text += ", or widen the parent before it starts its workers (in Python os.sched_setaffinity(0, "
            "range(os.cpu_count())) right after the imports), or start it with oversub-cli run --command "
            "... --affinity scatter.";

    return Finding{std::string(kAffinityNarrowed),
                   std::string(kSeverityProblem),
                   text,
                   {{"processes", processes},
                    {"narrowed_pids", narrowed},
                    {"reachable_cpuset", reach.toList()},
                    {"usable_cpuset", usable.toList()},
                    {"machine_cpuset", e.machinePus.toList()},
                    {"peak_runnable_threads", e.peakRunnableThreads},
                    {"cause", "inherited"},
                    {"fix", fix}}};
}

} // namespace oversub::analysis
