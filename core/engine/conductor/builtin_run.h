#pragma once
// One run of a built-in kernel in forked workers, on the conductor's single
// thread (the skeleton of signals, timeout, sampling and polling is
// run_loop.h's): spawns the workers, hands out tasks, streams inputs and
// results through their pipes and tears everything down. What it measures
// comes out as a RunReport; what happens along the way goes to a RunObserver.
// Its counterpart for a program of the user's is external/external_run.h.

#include "conductor/run_loop.h"
#include "conductor/run_report.h"
#include "events/samples.h"
#include "experiment/experiment.h"
#include "machine/topology.h"

#include <cstdint>
#include <vector>

namespace oversub::conductor {

// Where a run's workers may run: placement's answer for one experiment.
struct RunPlacement {
    std::vector<CpuSet> cpusets; // one per worker
    double oversubscription = 0;
};

// The placement of `experiment` on `topology` (custom cpu lists included).
// Throws InputError.
RunPlacement runPlacement(const Experiment& experiment, const Topology& topology);

// Runs the experiment once; blocks SIGINT/SIGTERM/SIGCHLD for its duration
// and restores the caller's mask before returning. Throws only for failures
// of the conductor itself (pipe/fork/memory), after tearing down.
RunReport runBuiltin(const Experiment& experiment, const Topology& topology, const RunPlacement& placement,
                     RunObserver& observer);

} // namespace oversub::conductor
