#pragma once
// The conductor's side of an external command run (experiment `command`,
// core/external/): the checks before anything starts, and the run itself
// mapped to the same events as a built-in run. The workload knobs are only
// substituted into placeholders; workers, threads, affinity, cpus, timeout and
// rate keep their meaning (the command gets the union of the placement's
// worker cpusets before exec, nothing for `inherit`, and the thread variables).

#include "runner/conductor.h"

namespace oversub::conductor {

// Single-point knob checks, the command line (split, placeholders known,
// not empty) and the placement. Starts nothing. Throws InputError.
void checkCommandRunnable(const Experiment& experiment, const Topology& topology);

// Emits run_started, worker_ready (one per process of the tree as it is
// found), sample, task_done (task 0, once the command exits by itself),
// error (command-failed, timeout, cancelled) and run_done with its `command`
// object. Exit status WorkerCrashed when the command could not start, exited
// non-zero or was killed by a signal of its own.
RunOutcome runCommandExperiment(const RunRequest& request, const Topology& topology, EventSink& sink);

} // namespace oversub::conductor
