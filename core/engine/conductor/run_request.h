#pragma once
// What one run is asked (RunRequest), where its events go (EventSink) and
// what it gave (RunOutcome): the types runExperiment (runner/conductor.h)
// and the runs below it (builtin_run.h, external/external_run.h) share.

#include "conductor/run_report.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "util/exit_code.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace oversub::conductor {

struct RunRequest {
    Experiment experiment; // one point: its sweep is ignored
    int runIndex = 0; // position of this run in the command's output (warm-ups included)
    std::string pointLabel; // e.g. "workers=2 threads=1"; "" for a single point
    int repetition = 0; // 0-based within the point (warm-ups counted apart)
    bool warmup = false; // warm-up runs are emitted but not part of the statistics
    int pointIndex = 0; // sweep point index (run_started.point)
    nlohmann::json machine; // copied into run_started; null when sweep_started carries it
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

using events::RunStatus; // ok | failed | cancelled | timeout

struct RunOutcome {
    RunStatus status = RunStatus::Ok;
    events::RunDone done; // exactly what was emitted as run_done
    std::optional<events::Error> error; // set unless status is Ok (also emitted, before run_done)
    ExitCode exitCode = ExitCode::Ok; // Ok, WorkerCrashed, TimedOut, Cancelled or RunFailed
    RunReport report; // everything measured, in more detail than run_done
};

} // namespace oversub::conductor
