// The runs of `oversub-cli run` and `sweep` as the command line shows them:
// the sweep itself (checks, bandwidth, runs, failure policy, advice,
// summary, verdicts) is the core's SweepDriver (runner/sweep_driver.h); here
// are its outputs (driveSweep) and, for a sweep, the progress line, a
// teaching preset's question before and verdicts and lesson after, the
// per-point table (median/min/max wall time, speedup, efficiency,
// Karp-Flatt, the Amdahl fit, findings) and the same exports as a single run.

#include "sweep_command.h"
#include "run_context.h"
#include "run_output.h"
#include "summary_table.h"

#include "analysis/launch_affinity.h"
#include "conductor/memory_preflight.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "experiment/sweep.h"
#include "export/journal.h"
#include "export/results.h"
#include "machine/topology.h"
#include "presets/preset_library.h"
#include "presets/preset_narration.h"
#include "runner/auto_size.h"
#include "runner/calibration.h"
#include "runner/sweep_driver.h"
#include "util/exit_code.h"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include <unistd.h>

namespace oversub::cli {
namespace {

std::string clockText(double seconds) {
    char buffer[32];
    if (seconds < 60) std::snprintf(buffer, sizeof buffer, "%.0f s", seconds);
    else
        std::snprintf(buffer, sizeof buffer, "%d min %02d s", static_cast<int>(seconds) / 60,
                      static_cast<int>(seconds) % 60);
    return buffer;
}

// The bandwidth probe's notes on stderr, and on a terminal a progress line
// redrawn after every run; a preset's question before the runs, the sweep's
// tables and a preset's verdicts after.
class SweepConsole final : public SweepPresenter {
public:
    explicit SweepConsole(bool showProgress) : showProgress_(showProgress) {}

    void beforeRuns(std::ostream& table, const runner::SweepPlan& plan) override;
    void afterRuns(std::ostream& table, const runner::SweepPlan& plan, const runner::SweepOutcome& outcome) override;

    void bandwidthProbeStarting(const std::string& cachePath) override {
        std::cerr << "measuring the machine's triad bandwidth once (cached in " << cachePath << ") ...\n";
    }
    void bandwidthProbeContended(double runqWaitShare) override {
        std::cerr << "the probe's workers waited for a CPU " << std::lround(runqWaitShare * 100)
                  << "% of their time (other processes were busy): bandwidth used for this sweep, not cached\n";
    }
    void bandwidthProbeFailed(const std::string& reason) override {
        std::cerr << "bandwidth not measured: " << reason << '\n';
    }
    void runFailed(const conductor::RunRequest& request, const conductor::RunOutcome& outcome,
                   bool stopsSweep) override {
        if (showProgress_) std::fprintf(stderr, "\r\033[K");
        printRunFailure(request, outcome, stopsSweep);
    }
    void runDone(const runner::SweepRunProgress& p) override {
        if (!showProgress_) return;
        std::fprintf(stderr, "\r\033[K[%d/%d] %s%s  ~%s left", p.progress.runsDone, p.progress.runsTotal,
                     p.point.label.empty() ? "run" : p.point.label.c_str(), p.request.warmup ? " (warm-up)" : "",
                     clockText(p.progress.etaSeconds).c_str());
        std::fflush(stderr);
    }
    void runsOver() override {
        if (showProgress_) std::fprintf(stderr, "\r\033[K");
    }

private:
    bool showProgress_;
};

// "sweep: 4 points x 3 repetitions (+1 warm-up each), gemm size 1000, 12 of 12 runs done".
void printSweepHeadline(std::ostream& table, const runner::SweepPlan& plan, const runner::SweepOutcome& outcome) {
    const Experiment& base = plan.base;
    const auto& points = plan.points;
    table << "sweep: " << points.size() << " point" << (points.size() == 1 ? "" : "s") << " x " << base.repeat
          << " repetition" << (base.repeat == 1 ? "" : "s");
    if (base.warmup > 0) table << " (+" << base.warmup << " warm-up" << (base.warmup == 1 ? "" : "s") << " each)";
    else if (runner::sweepExtraWarmups(plan) > 0)
        table << " (+1 warm-up run of the first point, so the base is not measured cold)";
    else table << " (no warm-up)";
    if (!base.command.empty()) table << ", command '" << base.command << "'";
    else if (!points.empty() && !points.front().experiment.command.empty()) table << ", a command per point";
    else {
        // The values the sweep gives a knob, or the one it keeps.
        auto valuesOf = [&](const std::string& knob) {
            for (const auto& axis : base.sweep.axes)
                if (axis.knob == knob) {
                    std::string list;
                    for (const auto& v : axis.values) list += (list.empty() ? "" : ",") + v;
                    return list;
                }
            return getKnob(base, knob);
        };
        table << ", " << valuesOf("workload") << " size " << valuesOf("size");
    }
    const int runsFailed = outcome.done.runsFailed;
    table << ", " << outcome.done.runsDone << " of " << outcome.runsTotal << " runs done"
          << (runsFailed ? ", " + std::to_string(runsFailed) + " failed" : "") << '\n';
}

void SweepConsole::beforeRuns(std::ostream& table, const runner::SweepPlan& plan) {
    // A teaching preset asks its question before anything runs ("predict, then run").
    if (plan.preset) table << presets::presetIntroduction(*plan.preset) << std::flush;
}

void SweepConsole::afterRuns(std::ostream& table, const runner::SweepPlan& plan, const runner::SweepOutcome& outcome) {
    printSweepHeadline(table, plan, outcome);
    printSweepSummary(table, outcome.summary);
    if (plan.preset) table << presets::presetConclusion(*plan.preset, outcome.verdicts);
}

} // namespace

void printRunFailure(const conductor::RunRequest& request, const conductor::RunOutcome& outcome, bool stopsSweep) {
    if (!outcome.error) return;
    std::cerr << "oversub-cli: run " << request.runIndex;
    if (!request.pointLabel.empty())
        std::cerr << " (" << request.pointLabel << (request.warmup ? ", warm-up" : "") << ')';
    else if (request.warmup) std::cerr << " (warm-up)";
    std::cerr << ": " << outcome.error->message
              << (stopsSweep && outcome.status != events::RunStatus::Cancelled ? " (--fail-fast: no further run)" : "")
              << '\n';
}

void SweepPresenter::beforeRuns(std::ostream&, const runner::SweepPlan&) {}
void SweepPresenter::afterRuns(std::ostream&, const runner::SweepPlan&, const runner::SweepOutcome&) {}
void SweepPresenter::taskDone() {}

void addFailurePolicyFlags(CLI::App& command, FailurePolicy& policy) {
    auto* failFast = command.add_flag("--fail-fast", policy.failFast,
                                      "Stop at the first failed run (default: record it and run the rest; the exit "
                                      "status is still the first failure's)");
    command.add_flag("--keep-going", policy.keepGoing, "Run every run even when one fails (the default)")
        ->excludes(failFast);
}

bool warmupAsked(const KnobFlags& knobs) {
    for (const auto& [name, text] : knobs.givenInOrder())
        if (name == "warmup") return true;
    return false;
}

int driveSweep(runner::SweepPlan plan, const OutputPaths& outputs, SweepPresenter& presenter) {
    // A reader that goes away (the window's ssh connection dropped, `| head`)
    // is an EPIPE: the sink's OutputError stops the run and its workers
    // cleanly (exit 7, said on stderr). With SIGPIPE's default the engine
    // died between its blocked phases and left its run unreported. Workers
    // and commands set their own SIGPIPE back to the default.
    ::signal(SIGPIPE, SIG_IGN);
    const Topology topology = Topology::load();
    const auto& info = topology.info();
    std::optional<runner::SweepDriver> driver;
    std::optional<Calibration> calibration;
    try {
        // Tasks left to `duration` are chosen once, for every point alike.
        runner::resolvePastCacheSizes(plan.base, plan.points, topology);
        calibration = runner::calibratePoints(plan.base, plan.points, topology);
        driver.emplace(std::move(plan), topology); // checks every point
    } catch (const conductor::MemoryRefused& refused) {
        std::cerr << "oversub-cli: " << refused.what() << '\n';
        return toInt(ExitCode::OutOfMemory);
    }
    const analysis::RunContext context = runContext(info);
    // Narrowed before any run: said now, not only found after a slow run.
    if (const auto narrowed = analysis::launchAffinityNarrowed(info, context.parentPid);
        narrowed && narrowed->severity == analysis::kSeverityProblem)
        std::cerr << "oversub-cli: note: " << narrowed->text << '\n';
    driver->measureBandwidth(presenter);

    EventsOutput events(outputs.eventsPath); // OutputError -> exit 7, path named
    std::ostringstream discarded; // --quiet: the table is not shown
    std::ostream& table = outputs.quiet ? discarded : events.tableStream();
    presenter.beforeRuns(table, driver->plan());

    ResultsCollector unused; // the sink's; the driver's outcome carries the same Results
    RunEventSink sink(events, unused);
    sink.onTaskDone = [&presenter] { presenter.taskDone(); };
    if (!outputs.journalPath.empty()) sink.journal = std::make_unique<Journal>(outputs.journalPath);
    const auto machineJson = engineMachineRecord(info);
    sink.forward(events::Hello{events::kSchemaVersion, std::string("oversub-cli ") + OVERSUB_VERSION});
    const runner::SweepOutcome outcome = driver->run(context, machineJson, sink, presenter);

    presenter.afterRuns(table, driver->plan(), outcome);
    if (calibration) table << calibrationSummary(*calibration) << '\n';
    if (!outputs.outPath.empty()) writeResultsJson(outputs.outPath, outcome.results);
    if (!outputs.csvPath.empty()) writeResultsCsv(outputs.csvPath, outcome.results);
    return toInt(outcome.exitCode);
}

int runSweepCommand(const Experiment& base, const std::string& presetName, const OutputPaths& outputs, bool keepGoing,
                    bool warmupAsked) {
    // Everything that can be refused is refused before any run starts.
    runner::SweepPlan plan;
    plan.points = expandPoints(base);
    checkOutputPaths(outputs);
    plan.base = base;
    plan.keepGoing = keepGoing;
    plan.coldStartWarmup = !warmupAsked;
    plan.preset = presetName.empty() ? nullptr : &presets::presetByName(presetName);
    SweepConsole console(!outputs.quiet && ::isatty(STDERR_FILENO) == 1);
    return driveSweep(std::move(plan), outputs, console);
}

} // namespace oversub::cli
