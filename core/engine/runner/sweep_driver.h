#pragma once
// A sweep without its command line: what `oversub-cli sweep` and `run` do
// between parsing their flags and printing (a single-point `run` is a sweep
// of one point with SweepPlan::singleRun).
// It checks every point before the first run, reads or measures the machine's
// triad bandwidth when a point is memory-bound, runs every point's warm-ups
// and repetitions in order through runExperiment, emits sweep_started, each
// run's events (run_done with the advisor's findings), a progress event
// after each run and sweep_done, and gives back what the front end prints
// and exports. Hello, the journal, the event stream and every printed word
// stay with the front end (its EventSink and SweepObserver).
//
// Failure policy: a failed run (crash, timeout, conductor failure, a
// command's non-zero exit) is recorded and the sweep goes on with the next
// run, so one broken point does not hide the others; with keepGoing false
// (--fail-fast) it stops the sweep. A cancelled run (SIGINT/SIGTERM) always
// stops it. The exit status is the first failed run's; sweep_done.status is the
// worst status of its runs (worstStatus: failed > timeout > cancelled > ok).

#include "analysis/bandwidth_cache.h"
#include "analysis/run_evidence.h"
#include "analysis/sweep_summary.h"
#include "conductor/run_request.h"
#include "events/event.h"
#include "experiment/sweep.h"
#include "export/results.h"
#include "machine/topology.h"
#include "presets/preset_library.h"
#include "presets/preset_verdict.h"
#include "util/exit_code.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace oversub::runner {

// The expanded sweep and how to run it.
struct SweepPlan {
    Experiment base; // as asked for, with its sweep: sweep_started carries it,
        // series names come from its axes, repeat and warmup from it
    std::vector<SweepPoint> points; // expandPoints(base), in run order
    bool keepGoing = true; // carry on after a failed run; false: stop at the first (a cancel stops regardless)
    const presets::Preset* preset = nullptr; // its claims are checked against the summary (may be null)
    // Where the measured bandwidth is cached ("" = measure, never cache).
    std::string bandwidthCachePath = analysis::defaultBandwidthCachePath();
    // With base.warmup 0 the first point runs once more first, so no base is
    // measured cold (docs/analysis.md, "Cold starts"). False when the
    // warm-ups were asked for explicitly: `--warmup 0` means none.
    bool coldStartWarmup = true;
    // One point's repetitions as `oversub-cli run` gives them: no cold-start
    // warm-up, no bandwidth probe and no sweep summary (sweep_done.summary
    // null; the results carry the runs only).
    bool singleRun = false;
};

// Warm-up runs the sweep adds of its own (0 or 1, see coldStartWarmup).
int sweepExtraWarmups(const SweepPlan& plan);
// Every run of the sweep, warm-ups included (sweep_started.runs_total).
int sweepRunsTotal(const SweepPlan& plan);

// The worse of two run statuses, for sweep_done: failed > timeout >
// cancelled > ok (docs/events.md, "sweep_done").
events::RunStatus worstStatus(events::RunStatus a, events::RunStatus b);

// Where each run of the sweep stands, after its progress event was emitted.
struct SweepRunProgress {
    const SweepPoint& point; // the run's point
    int points = 0; // points in the sweep (point.index of points)
    const conductor::RunRequest& request;
    const conductor::RunOutcome& outcome;
    const events::RunDone& done; // as emitted: with the advisor's findings
    events::Progress progress; // exactly what was emitted
};

// What a front end shows while a sweep runs. Every call comes from the
// thread that called run(); the default does nothing.
class SweepObserver {
public:
    virtual ~SweepObserver();
    // No cached bandwidth for this machine: it is measured now (seconds).
    virtual void bandwidthProbeStarting(const std::string& cachePath);
    // The probe's workers waited for a CPU this share of their time: its
    // numbers serve this sweep but were not cached.
    virtual void bandwidthProbeContended(double runqWaitShare);
    // The probe failed; the sweep runs without a bandwidth verdict.
    virtual void bandwidthProbeFailed(const std::string& reason);
    // A point's first run is about to start.
    virtual void pointStarting(const SweepPoint& point, int points);
    // A run is about to start (`runsTotal` runs in the sweep).
    virtual void runStarting(const conductor::RunRequest& request, int runsTotal);
    // A run did not end ok; `stopsSweep`: no further run follows.
    virtual void runFailed(const conductor::RunRequest& request, const conductor::RunOutcome& outcome, bool stopsSweep);
    // A run ended (ok or not) and its progress event was emitted.
    virtual void runDone(const SweepRunProgress& progress);
    // The last run is over; sweep_done comes next.
    virtual void runsOver();
};

// What a sweep gave. A type of its own because the existing ones hold only
// part of it: Results has the runs and the summary as files carry them,
// sweep_done the counts; the exit status, the summary as numbers (the table
// prints them) and the preset's verdicts are in neither. The sweep's
// counterpart of RunOutcome.
struct SweepOutcome {
    Results results; // built from the emitted events, with the sweep's findings and summary
    events::SweepDone done; // exactly what was emitted as sweep_done
    ExitCode exitCode = ExitCode::Ok; // the first failed run's; Ok when none failed
    int runsTotal = 0; // planned, warm-ups included (done.runsDone of them ran)
    analysis::SweepSummary summary;
    std::vector<presets::Verdict> verdicts; // the preset's claims; empty without a preset
};

class SweepDriver {
public:
    // Checks every point (conductor::checkRunnable) before anything runs:
    // throws InputError, or MemoryRefused, naming the problem; nothing has
    // been measured or emitted then. `topology` must outlive the driver.
    SweepDriver(SweepPlan plan, const Topology& topology);

    // Memory-bound work (triad, element-wise) is judged against the
    // machine's triad bandwidth: read from the cache, else measured once
    // (and cached unless contended). A failed probe leaves the sweep without
    // it. Nothing to do when no point is memory-bound or it was done already;
    // run() calls it when the front end did not.
    void measureBandwidth(SweepObserver& observer);
    const std::optional<analysis::BandwidthRecord>& bandwidth() const { return bandwidth_; }

    const SweepPlan& plan() const { return plan_; }
    int runsTotal() const { return sweepRunsTotal(plan_); }

    // Runs the sweep: sweep_started (with `machine`), every run in order,
    // a progress event after each, sweep_done. `context` is where the
    // conductor runs, for the advisor (its bandwidth is filled in here).
    // Holds a CancellationScope while the runs go: SIGINT/SIGTERM cancel
    // the current or next run and end the sweep. Throws what the sink throws
    // and what runExperiment throws before starting a run.
    SweepOutcome run(const analysis::RunContext& runContext, const nlohmann::json& machine, conductor::EventSink& next,
                     SweepObserver& observer);

private:
    SweepPlan plan_;
    const Topology& topology_;
    bool bandwidthDone_ = false;
    std::optional<analysis::BandwidthRecord> bandwidth_;
};

} // namespace oversub::runner
