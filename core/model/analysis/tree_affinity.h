#pragma once
// The affinity check of a process tree Oversub did not start: a program
// attached with `oversub-cli watch --pid` (or the window's "Attach to
// process..."). Like the run rule affinity-narrowed (advisor.h) it compares
// the PUs the tree's processes may use, together, with the PUs there are and
// with how many of the tree's threads wanted a CPU at the same time. Because
// the processes are already running, the fix names each narrowed pid:
// `taskset -a -p MASK PID` widens a running process and all its threads
// (plain `taskset -p` changes only its main thread, and a Python Pool forks
// replacement workers from a helper thread).

#include "cpuset/cpuset.h"
#include "events/finding.h"
#include "events/samples.h"

#include <optional>
#include <vector>

namespace oversub::analysis {

struct TreeProcessAffinity {
    int pid = 0;
    CpuSet cpuset; // its allowed PUs, as last read while it was alive; empty = never read
};

struct TreeAffinityEvidence {
    std::vector<TreeProcessAffinity> processes; // every process of the tree seen, in discovery order
    CpuSet machinePus; // every PU of the machine
    CpuSet usablePus; // PUs any process here may use (cgroup cpuset); empty = machinePus
    int peakRunnableThreads = 0; // most tree threads wanting a CPU in one sampler tick
};

// Threads of one tick that wanted a CPU: state R (running or waiting in the
// run queue), or on a CPU plus waiting for at least half the interval.
int runnableThreadsIn(const sampler::Snapshot& snapshot);

// affinity-narrowed (severity problem) when the processes together may use
// fewer PUs than min(usable PUs, peak runnable threads): the threads took
// turns on too few PUs. nullopt otherwise, also when no cpuset was read.
// Evidence: processes [{pid, cpuset}], narrowed_pids, reachable_cpuset,
// usable_cpuset, machine_cpuset, peak_runnable_threads, fix [commands].
std::optional<Finding> adviseTreeAffinity(const TreeAffinityEvidence& evidence);

} // namespace oversub::analysis
