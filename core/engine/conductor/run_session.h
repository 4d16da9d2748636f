#pragma once
// One run's poll loop (the conductor's single thread): spawns the workers,
// hands out tasks, streams inputs and results through their pipes, reads
// SIGINT/SIGTERM/SIGCHLD from a signalfd, samples on a timerfd, enforces the
// timeout on another, and tears everything down. What it measures comes out
// as a RunReport; what happens along the way goes to a RunObserver.

#include "conductor/run_clock.h"
#include "conductor/run_report.h"
#include "experiment/experiment.h"
#include "events/samples.h"
#include "machine/topology.h"

#include <cstdint>
#include <vector>

namespace oversub::conductor {

class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void onRunStarted(const RunClock&) {}
    virtual void onWorkerReady(const WorkerReport&) {}
    virtual void onTaskDone(const TaskReport&, int64_t tasksDone, int64_t tasks) { (void)tasksDone, (void)tasks; }
    virtual void onSample(const sampler::Snapshot&) {}
};

struct SessionPlan {
    std::vector<CpuSet> cpusets; // one per worker
    double oversubscription = 0;
};

// The placement of `experiment` on `topology` (custom cpu lists included).
// Throws InputError.
SessionPlan planFor(const Experiment& experiment, const Topology& topology);

// Runs the experiment once; blocks SIGINT/SIGTERM/SIGCHLD for its duration
// and restores the caller's mask before returning. Throws only for failures
// of the conductor itself (pipe/fork/memory), after tearing down.
RunReport runSession(const Experiment& experiment, const Topology& topology, const SessionPlan& plan, int runIndex,
                     RunObserver& observer);

} // namespace oversub::conductor
