#pragma once
// What a watch learns about the process tree it is attached to, for the
// affinity check at its end (analysis/tree_affinity.h) and the gauge in its
// samples: every process seen, in discovery order, with its allowed PUs as
// last read while it was alive (a script may widen its own mask after
// starting, as the seed's cure does), and the most threads that wanted a
// CPU in one tick.

#include "analysis/tree_affinity.h"
#include "cpuset/cpuset.h"
#include "events/event_watch.h"
#include "events/samples.h"

#include <optional>
#include <string>
#include <vector>

namespace oversub::watch {

class AttachedTree {
public:
    // Reads the allowed PUs of `pid` now; one that has gone keeps what was
    // read before.
    void readAffinity(int pid);
    void countRunnable(const sampler::Snapshot& snapshot);

    // The union of the allowed PUs of `pids` as last read (empty when none
    // was read): the PUs the tree's threads may take turns on.
    CpuSet allowedPus(const std::vector<int>& pids) const;
    analysis::TreeAffinityEvidence evidence(const CpuSet& machinePus, const CpuSet& usablePus) const;

private:
    std::vector<int> order_;
    std::vector<CpuSet> cpusets_;
    int peakRunnable_ = 0;
};

// The affinity check of an attached tree, and the watch_done event that
// carries it.
struct TreeReport {
    std::optional<analysis::Finding> finding;
    events::WatchDone done; // what watch_done carries (empty when not checked)
    std::string notChecked; // why the check could not run ("" when it ran)
};
// Reads the machine's PUs (hwloc) and those its cgroup lets a process use.
TreeReport reportTree(const AttachedTree& tree, int rootPid, double tSeconds);

} // namespace oversub::watch
