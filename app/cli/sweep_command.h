#pragma once
// How `run` and `sweep` drive the core's SweepDriver from the command line:
// every run of either command goes through it (a single-point `run` is a
// sweep of one point), so the runs, the failure policy and the advice are the
// core's; here are only the outputs and what each command prints around them.

#include "experiment/experiment.h"
#include "knob_flags.h"
#include "run_output.h"
#include "runner/sweep_driver.h"

#include <ostream>
#include <string>

namespace oversub::cli {

// What a command shows around a driven sweep (besides the observer's calls).
class SweepPresenter : public runner::SweepObserver {
public:
    // After the checks, before the first run (e.g. a preset's question).
    virtual void beforeRuns(std::ostream& table, const runner::SweepPlan& plan);
    // After sweep_done: the tables. `table` discards everything with --quiet.
    virtual void afterRuns(std::ostream& table, const runner::SweepPlan& plan, const runner::SweepOutcome& outcome);
    // Every task_done of the runs (a progress line).
    virtual void taskDone();
};

// The failure policy of `run` and `sweep`: a failed run does not stop the
// others unless --fail-fast; --keep-going, the default, is still accepted.
struct FailurePolicy {
    bool failFast = false;
    bool keepGoing = false; // given explicitly (changes nothing)
};
void addFailurePolicyFlags(CLI::App& command, FailurePolicy& policy);

// "oversub-cli: run 3 (command=pool_matmul.py): <the run's error message>" on
// stderr, for a run that did not end ok.
void printRunFailure(const conductor::RunRequest& request, const conductor::RunOutcome& outcome, bool stopsSweep);

// Runs `plan` with the command's outputs (their paths already checked with
// checkOutputPaths): checks every point first (a
// memory refusal is printed and gives exit status 6; InputError is thrown),
// then hello and every event to the stream and the journal, the results
// files at the end. Returns the process exit status.
int driveSweep(runner::SweepPlan plan, const OutputPaths& outputs, SweepPresenter& presenter);

// The sweep of `base` as `sweep` (and `run` with lists or a sweeping preset)
// shows it; `presetName` (may be "") adds the preset's question before and
// its verdicts and lesson after. `warmupAsked`: the warm-ups were given on
// the command line (`--warmup 0` then means none, no cold-start warm-up).
// Returns the process exit status; throws InputError for bad input before
// anything runs.
int runSweepCommand(const Experiment& base, const std::string& presetName, const OutputPaths& outputs, bool keepGoing,
                    bool warmupAsked);

// Whether the command line gave --warmup.
bool warmupAsked(const KnobFlags& knobs);

} // namespace oversub::cli
