// `oversub-cli run [knob flags | --experiment FILE | --preset NAME] [--events FILE|-]
// [--out FILE.json] [--csv FILE.csv] [--quiet] [--fail-fast]`: one experiment point,
// `warmup` warm-up runs then `repeat` measured runs, driven by the core's
// SweepDriver as a sweep of one point (sweep_command.h: runs, failure policy
// and advice are the core's). When the flags give lists (--workers 1,2,4) or
// the file or preset varies a knob, `run` runs that sweep exactly as `sweep`
// does, so `run --preset NAME` works for every preset. Shows progress on a
// terminal, prints a summary table at the end and writes the event stream and
// the results files.
// Bad knob values are refused before anything starts (exit status 2); a run
// that would not fit in memory too (exit status 6).

#include "command_registry.h"
#include "engine_reexec.h"
#include "knob_flags.h"
#include "run_context.h"
#include "run_output.h"
#include "summary_table.h"
#include "sweep_command.h"

#include "analysis/statistics.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "experiment/sweep.h"
#include "runner/sweep_driver.h"
#include "workloads/blas_threads.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

namespace oversub::cli {
namespace {

struct RunArgs {
    std::unique_ptr<KnobFlags> knobs; // every knob as a flag, --experiment, --preset
    OutputPaths outputs;
    FailurePolicy failure;
};

// Progress on stderr when it is a terminal: the run, its tasks, the time.
class ProgressLine {
public:
    explicit ProgressLine(bool enabled) : enabled_(enabled) {}
    void startRun(int run, int total, bool warmup, int64_t tasks) {
        run_ = run;
        total_ = total;
        warmup_ = warmup;
        tasks_ = tasks;
        done_ = 0;
        started_ = std::chrono::steady_clock::now();
        draw(true);
    }
    void taskDone() {
        ++done_;
        draw(done_ == tasks_);
    }
    void clear() {
        if (enabled_) std::fprintf(stderr, "\r\033[K"), std::fflush(stderr);
    }

private:
    void draw(bool force) {
        if (!enabled_) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - lastDraw_ < std::chrono::milliseconds(100)) return;
        lastDraw_ = now;
        const double elapsed = std::chrono::duration<double>(now - started_).count();
        std::fprintf(stderr, "\r\033[Krun %d/%d%s: %lld/%lld tasks, %.1f s", run_ + 1, total_,
                     warmup_ ? " (warm-up)" : "", static_cast<long long>(done_), static_cast<long long>(tasks_),
                     elapsed);
        std::fflush(stderr);
    }
    bool enabled_;
    int run_ = 0, total_ = 0;
    bool warmup_ = false;
    int64_t tasks_ = 0, done_ = 0;
    std::chrono::steady_clock::time_point started_, lastDraw_;
};

void printWallStatistics(std::ostream& out, const std::vector<double>& walls) {
    if (walls.size() < 2) return;
    const analysis::Summary s = analysis::summarize(walls);
    char line[160];
    std::snprintf(line, sizeof line, "wall over %zu runs: median %.4f s, min %.4f s, max %.4f s\n", walls.size(),
                  s.median, s.min, s.max);
    out << line;
}

// The progress line while the runs go, a failed run's message, and the last
// measured run's summary with the wall-time statistics at the end.
class RunConsole final : public SweepPresenter {
public:
    RunConsole(const Experiment& experiment, bool showProgress) : experiment_(experiment), progress_(showProgress) {}

    void runStarting(const conductor::RunRequest& request, int runsTotal) override {
        progress_.startRun(request.runIndex, runsTotal, request.warmup,
                           experiment_.command.empty() ? request.experiment.tasks : 1);
    }
    void taskDone() override { progress_.taskDone(); }
    void runFailed(const conductor::RunRequest& request, const conductor::RunOutcome& outcome,
                   bool stopsSweep) override {
        progress_.clear();
        printRunFailure(request, outcome, stopsSweep);
    }
    void runDone(const runner::SweepRunProgress& p) override {
        if (p.request.warmup) return;
        lastMeasured_ = p.done;
        if (p.outcome.status == events::RunStatus::Ok) measuredWalls_.push_back(p.done.wallSeconds);
    }
    void runsOver() override { progress_.clear(); }

    void afterRuns(std::ostream& table, const runner::SweepPlan& plan, const runner::SweepOutcome&) override {
        if (!lastMeasured_) return;
        const Experiment& e = plan.base; // with the tasks a calibration chose
        if (!e.command.empty())
            table << "run: command '" << e.command << "', workers " << e.workers << ", threads " << e.threads << ", "
                  << toString(e.affinity) << '\n';
        else
            table << "run: " << toString(e.workload) << " size " << e.size << ", " << e.tasks << " tasks, " << e.workers
                  << " workers x " << e.threads << " threads, " << toString(e.affinity) << ", " << toString(e.delivery)
                  << " delivery, " << toString(e.schedule) << " schedule\n";
        printRunSummary(table, *lastMeasured_, "", e.command.empty() && flopCountIsNominal(e.workload));
        printWallStatistics(table, measuredWalls_);
    }

private:
    const Experiment& experiment_;
    ProgressLine progress_;
    std::optional<events::RunDone> lastMeasured_;
    std::vector<double> measuredWalls_;
};

int runCommand(const RunArgs& args) {
    reexecWithSingleThreadedBlasIfNeeded();

    // Everything that can be refused is refused before any file is touched.
    const Experiment experiment = args.knobs->experiment();
    checkOutputPaths(args.outputs); // a typo in a path must not cost the run
    if (!experiment.sweep.empty())
        return runSweepCommand(experiment, args.knobs->presetName(), args.outputs, !args.failure.failFast,
                               warmupAsked(*args.knobs));
    // One point: its warm-ups and repetitions, all of them unless --fail-fast.
    runner::SweepPlan plan;
    plan.base = experiment;
    plan.points = expandPoints(experiment);
    plan.singleRun = true;
    plan.keepGoing = !args.failure.failFast;
    RunConsole console(experiment, !args.outputs.quiet && ::isatty(STDERR_FILENO) == 1);
    return driveSweep(std::move(plan), args.outputs, console);
}

const RegisterCommand registration{
    "run", 20, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<RunArgs>();
        auto* sub = app.add_subcommand("run", "Run one experiment (warm-ups, then repetitions) in pinned worker "
                                              "processes; print a summary and write events and results. "
                                              "Lists (--workers 1,2) or a sweeping preset run as a sweep");
        args->knobs = std::make_unique<KnobFlags>(*sub);
        addOutputFlags(*sub, args->outputs);
        sub->add_flag("--quiet", args->outputs.quiet, "No progress line and no summary table");
        addFailurePolicyFlags(*sub, args->failure);
        return [args] { return runCommand(*args); };
    }};

} // namespace
} // namespace oversub::cli
