#include "watch/attached_tree.h"

#include "machine/affinity.h"
#include "machine/cgroup.h"
#include "machine/topology.h"
#include "topology/cpu_list.h"

#include <algorithm>
#include <exception>
#include <system_error>
#include <utility>

namespace oversub::watch {
namespace {

// The PUs of the machine and those its cgroup lets any process use.
std::pair<CpuSet, CpuSet> machineAndUsablePus() {
    const CpuSet machine = Topology::load().info().allPus();
    CpuSet usable;
    try {
        const std::string effective = machine::readCgroupLimits().cpusetEffective;
        if (!effective.empty()) usable = parsePlainCpuList(effective);
    } catch (const std::exception&) {
        // No readable cgroup cpuset: every PU of the machine is usable.
    }
    return {machine, usable};
}

} // namespace

void AttachedTree::readAffinity(int pid) {
    auto seen = std::find(order_.begin(), order_.end(), pid);
    if (seen == order_.end()) {
        order_.push_back(pid);
        cpusets_.emplace_back();
        seen = order_.end() - 1;
    }
    const auto index = static_cast<size_t>(seen - order_.begin());
    try {
        cpusets_[index] = currentAffinity(pid);
    } catch (const std::system_error&) {
        // Gone since it was found: keep what was read before.
    }
}

void AttachedTree::countRunnable(const sampler::Snapshot& snapshot) {
    peakRunnable_ = std::max(peakRunnable_, analysis::runnableThreadsIn(snapshot));
}

CpuSet AttachedTree::allowedPus(const std::vector<int>& pids) const {
    CpuSet all;
    for (size_t i = 0; i < order_.size(); ++i)
        if (std::find(pids.begin(), pids.end(), order_[i]) != pids.end()) all = all.unite(cpusets_[i]);
    return all;
}

analysis::TreeAffinityEvidence AttachedTree::evidence(const CpuSet& machinePus, const CpuSet& usablePus) const {
    analysis::TreeAffinityEvidence e;
    for (size_t i = 0; i < order_.size(); ++i) e.processes.push_back({order_[i], cpusets_[i]});
    e.machinePus = machinePus;
    e.usablePus = usablePus;
    e.peakRunnableThreads = peakRunnable_;
    return e;
}

TreeReport reportTree(const AttachedTree& tree, int rootPid, double tSeconds) {
    TreeReport report;
    CpuSet machinePus, usablePus;
    try {
        std::tie(machinePus, usablePus) = machineAndUsablePus();
    } catch (const std::exception& error) {
        report.notChecked = std::string("cannot read the machine's PUs: ") + error.what();
        return report;
    }
    const analysis::TreeAffinityEvidence evidence = tree.evidence(machinePus, usablePus);
    report.finding = analysis::adviseTreeAffinity(evidence);
    events::WatchDone& done = report.done;
    done.tSeconds = tSeconds;
    done.rootPid = rootPid;
    done.machineCpuset = machinePus.toList();
    done.peakRunnableThreads = evidence.peakRunnableThreads;
    for (const auto& p : evidence.processes) done.processes.push_back({p.pid, p.cpuset.toList()});
    if (report.finding) done.findings.push_back(*report.finding);
    return report;
}

} // namespace oversub::watch
