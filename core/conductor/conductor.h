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

#include "events/events.h"
#include "experiment/experiment.h"
#include "topology/topology.h"
#include "util/exit_code.h"

#include <optional>
#include <string>
#include <string_view>

namespace oversub::conductor {

struct RunRequest {
    Experiment experiment;
    int runIndex = 0;        // position of this run in the command's output (warm-ups included)
    std::string pointLabel;  // e.g. "workers=2 threads=1"; "" for a single point
    int repetition = 0;      // 0-based within the point (warm-ups counted apart)
    bool warmup = false;     // warm-up runs are emitted but not part of the statistics
};

// Receives every event of a run in order, on the conductor's thread.
class EventSink {
public:
    virtual ~EventSink();
    virtual void emit(const events::Event& event) = 0;
};

// Discards events (benchmarks, tests that only look at the outcome).
class NullSink final : public EventSink {
public:
    void emit(const events::Event&) override {}
};

enum class RunStatus { Ok, Failed, Cancelled, Timeout };
std::string_view toString(RunStatus status); // "ok" | "failed" | "cancelled" | "timeout"

struct RunOutcome {
    RunStatus status = RunStatus::Ok;
    events::RunDone done;               // exactly what was emitted as run_done
    std::optional<events::Error> error; // set unless status is Ok
    ExitCode exitCode = ExitCode::Ok;   // Ok, WorkerCrashed, TimedOut, Cancelled, OutOfMemory, RunFailed
};

// One run: preflight, prepare, spawn, deliver, compute, collect, teardown.
// Emits run_started, worker_ready (one per worker), sample (at the
// experiment's rate), task_done (one per task), error (when the run fails)
// and run_done, in that order of first appearance.
//
// Throws InputError (nothing started, nothing emitted) for an experiment that
// cannot run on `topology` (bad placement, size) and MemoryRefused when the
// memory preflight says it would not fit. Every other failure is reported in
// the outcome and its events.
//
// Signals: for the run's duration SIGINT, SIGTERM and SIGCHLD are blocked in
// the calling thread and read through a signalfd; SIGINT/SIGTERM cancel the
// run cleanly (status Cancelled). Hold a CancellationScope (cancellation.h)
// around a whole command so a signal that arrives between two runs stays
// pending and cancels the next run at its start instead of killing the
// process.
RunOutcome runExperiment(const RunRequest& request, const Topology& topology, EventSink& sink);

} // namespace oversub::conductor
