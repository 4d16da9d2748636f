#pragma once
// The conductor: runs one experiment for real. One thread, one poll loop
// (worker pipes, a signalfd, timerfds for sample ticks and the timeout).
// It prepares the inputs, forks the workers into the run's own process group
// (each binds itself, sets its BLAS threads and reports what the kernel says
// it is allowed), delivers tasks, collects results, samples /proc and tears
// everything down: after runExperiment returns, whatever happened, no worker
// process of the run is alive and no /dev/shm segment of the run is left.
//
// A library function, not CLI code: `oversub-cli run` and `sweep` both call
// runExperiment() once per run and feed the events to their own sinks.

#include "conductor/memory_preflight.h"
#include "conductor/run_request.h"
#include "experiment/experiment.h"
#include "machine/topology.h"

namespace oversub::conductor {

// The checks runExperiment makes before it starts anything: single-point
// knob combinations, size and iterations, the fault text, placement on
// `topology` (custom cpu lists included) and the memory preflight. Throws
// InputError, or MemoryRefused (an InputError; exit status OutOfMemory).
// A sweep can check every point with it before running the first.
void checkRunnable(const Experiment& experiment, const Topology& topology);

// One run: preflight, prepare, spawn, deliver, compute, collect, teardown.
// Emits run_started, worker_ready (one per worker), sample (at the
// experiment's rate), task_done (one per task), error (when the run fails)
// and run_done, in that order of first appearance.
//
// Throws what checkRunnable throws (nothing started, nothing emitted). Every
// other failure (a worker crash, the timeout, a cancel, a failure of the
// conductor itself) is reported in the outcome and its events, after the
// teardown.
//
// Signals: for the run's duration SIGINT, SIGTERM and SIGCHLD are blocked in
// the calling thread and read through a signalfd; SIGINT/SIGTERM cancel the
// run cleanly (status Cancelled). Hold a CancellationScope (cancellation.h)
// around a whole command so a signal that arrives between two runs stays
// pending and cancels the next run at its start instead of killing the
// process.
RunOutcome runExperiment(const RunRequest& request, const Topology& topology, EventSink& sink);

} // namespace oversub::conductor
