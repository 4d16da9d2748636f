// `oversub-cli run [knob flags | --experiment FILE | --preset NAME] [--events FILE|-]
// [--out FILE.json] [--csv FILE.csv] [--quiet]`: one experiment point,
// `warmup` warm-up runs then `repeat` measured runs, each through the
// conductor (core/conductor). When the flags give lists (--workers 1,2,4) or
// the file or preset varies a knob, `run` runs that sweep exactly as `sweep`
// does (sweep_command.h), so `run --preset NAME` works for every preset. Shows progress on a terminal, prints a summary
// table at the end and writes the event stream and the results files.
// Bad knob values are refused before anything starts (exit status 2); a run
// that would not fit in memory too (exit status 6).

#include "command_registry.h"
#include "run_context.h"
#include "run_output.h"
#include "engine_reexec.h"
#include "knob_flags.h"
#include "summary_table.h"
#include "sweep_command.h"

#include "analysis/run_evidence.h"
#include "analysis/advisor.h"
#include "analysis/statistics.h"
#include "conductor/cancellation.h"
#include "runner/conductor.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "export/journal.h"
#include "export/results.h"
#include "machine/machine_record.h"
#include "machine/topology.h"
#include "util/exit_code.h"
#include "util/input_error.h"
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

int runCommand(const RunArgs& args) {
    reexecWithSingleThreadedBlasIfNeeded();

    // Everything that can be refused is refused before any file is touched.
    const Experiment experiment = args.knobs->experiment();
    checkOutputPaths(args.outputs); // a typo in a path must not cost the run
    if (!experiment.sweep.empty())
        return runSweepCommand(experiment, args.knobs->presetName(),
                               args.outputs, false);
    const Topology topology = Topology::load();
    try {
        conductor::checkRunnable(experiment, topology);
    } catch (const conductor::MemoryRefused& refused) {
        std::cerr << "oversub-cli: " << refused.what() << '\n';
        return toInt(ExitCode::OutOfMemory);
    }
    const auto& info = topology.info();
    const analysis::RunContext context = runContext(info);

    EventsOutput events(args.outputs.eventsPath); // OutputError -> exit 7, path named
    std::ostream& table = events.tableStream();
    ProgressLine progress(!args.outputs.quiet && ::isatty(STDERR_FILENO) == 1);

    ResultsCollector collector;
    RunEventSink sink(events, collector);
    sink.setAdviceContext(&experiment, &info, &context);
    sink.onTaskDone = [&progress] { progress.taskDone(); };
    if (!args.outputs.journalPath.empty()) sink.journal = std::make_unique<Journal>(args.outputs.journalPath);
    const int runsTotal = experiment.warmup + experiment.repeat;
    const auto machineJson = engineMachineRecord(info);
    sink.forward(events::Hello{events::kSchemaVersion, std::string("oversub-cli ") + OVERSUB_VERSION});
    sink.forward(events::SweepStarted{toJson(experiment), machineJson, runsTotal, 1});

    conductor::CancellationScope cancellation;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
    std::optional<ExitCode> failure;
    events::RunStatus worst = events::RunStatus::Ok;
    std::vector<double> measuredWalls;
    std::optional<events::RunDone> lastMeasured;
    int runsDone = 0, runsFailed = 0;
    for (int i = 0; i < runsTotal && !failure; ++i) {
        conductor::RunRequest request;
        request.experiment = experiment;
        request.runIndex = i;
        request.warmup = i < experiment.warmup;
        request.repetition = request.warmup ? i : i - experiment.warmup;
        progress.startRun(i, runsTotal, request.warmup, experiment.command.empty() ? experiment.tasks : 1);
        const conductor::RunOutcome outcome = conductor::runExperiment(request, topology, sink);
        ++runsDone;
        if (!request.warmup) lastMeasured = sink.lastDone();
        if (outcome.status == events::RunStatus::Ok) {
            if (!request.warmup) measuredWalls.push_back(outcome.done.wallSeconds);
        } else {
            ++runsFailed;
            worst = outcome.status;
            failure = outcome.exitCode;
            progress.clear();
            if (outcome.error) std::cerr << "oversub-cli: run " << i << ": " << outcome.error->message << '\n';
        }
        const double spent = elapsed();
        sink.forward(events::Progress{runsDone, runsTotal, spent,
                                      runsDone < runsTotal ? spent / runsDone * (runsTotal - runsDone) : 0});
    }
    progress.clear();
    sink.forward(events::SweepDone{worst, runsDone, runsFailed, elapsed(), nlohmann::json()});

    if (!args.outputs.quiet && lastMeasured) {
        if (!experiment.command.empty())
            table << "run: command '" << experiment.command << "', workers " << experiment.workers << ", threads "
                  << experiment.threads << ", " << toString(experiment.affinity) << '\n';
        else
            table << "run: " << toString(experiment.workload) << " size " << experiment.size << ", "
                  << experiment.tasks << " tasks, " << experiment.workers << " workers x " << experiment.threads
                  << " threads, " << toString(experiment.affinity) << ", " << toString(experiment.delivery)
                  << " delivery, " << toString(experiment.schedule) << " schedule\n";
        printRunSummary(table, *lastMeasured, "", experiment.command.empty() && flopCountIsNominal(experiment.workload));
        printWallStatistics(table, measuredWalls);
    }

    if (!args.outputs.outPath.empty()) writeResultsJson(args.outputs.outPath, collector.results());
    if (!args.outputs.csvPath.empty()) writeResultsCsv(args.outputs.csvPath, collector.results());
    return toInt(failure.value_or(ExitCode::Ok));
}

const RegisterCommand registration{"run", 20, [](CLI::App& app) -> std::function<int()> {
    auto args = std::make_shared<RunArgs>();
    auto* sub = app.add_subcommand("run", "Run one experiment (warm-ups, then repetitions) in pinned worker "
                                          "processes; print a summary and write events and results. "
                                          "Lists (--workers 1,2) or a sweeping preset run as a sweep");
    args->knobs = std::make_unique<KnobFlags>(*sub);
    addOutputFlags(*sub, args->outputs);
    sub->add_flag("--quiet", args->outputs.quiet, "No progress line and no summary table");
    return [args] { return runCommand(*args); };
}};

} // namespace
} // namespace oversub::cli
