// The sweep behind `oversub-cli sweep` and `oversub-cli run` with lists or a
// sweeping preset, as the command line shows it: the sweep itself (checks,
// bandwidth, runs, failure policy, summary, verdicts) is the core's
// SweepDriver (runner/sweep_driver.h); here are its outputs, the progress
// line, a teaching preset's question before and verdicts and lesson after,
// the per-point table (median/min/max wall time, speedup, efficiency,
// Karp-Flatt, the Amdahl fit, findings) and the same exports as a single run.

#include "sweep_command.h"
#include "run_output.h"
#include "run_context.h"
#include "summary_table.h"

#include "conductor/memory_preflight.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "experiment/sweep.h"
#include "export/journal.h"
#include "export/results.h"
#include "machine/topology.h"
#include "presets/preset_library.h"
#include "presets/preset_narration.h"
#include "runner/sweep_driver.h"
#include "util/exit_code.h"

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
    else std::snprintf(buffer, sizeof buffer, "%d min %02d s", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
    return buffer;
}

// The bandwidth probe's notes on stderr, and on a terminal a progress line
// redrawn after every run.
class SweepConsole final : public runner::SweepObserver {
public:
    explicit SweepConsole(bool showProgress) : showProgress_(showProgress) {}

    void bandwidthProbeStarting(const std::string& cachePath) override {
        std::cerr << "measuring the machine's triad bandwidth once (cached in " << cachePath << ") ...\n";
    }
    void bandwidthProbeContended(double runqWaitShare) override {
        std::cerr << "the probe's workers waited for a CPU " << static_cast<int>(runqWaitShare * 100 + 0.5)
                  << "% of their time (other processes were busy): bandwidth used for this sweep, not cached\n";
    }
    void bandwidthProbeFailed(const std::string& reason) override {
        std::cerr << "bandwidth not measured: " << reason << '\n';
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
    else table << " (+1 warm-up run of the first point, so the base is not measured cold)";
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
    table << ", " << outcome.done.runsDone << " of " << outcome.runsTotal
          << " runs done" << (runsFailed ? ", " + std::to_string(runsFailed) + " failed" : "") << '\n';
}

} // namespace

int runSweepCommand(const Experiment& base, const std::string& presetName, const OutputPaths& outputs,
                    bool keepGoing) {
    // Everything that can be refused is refused before any run starts.
    runner::SweepPlan plan;
    plan.points = expandPoints(base);
    checkOutputPaths(outputs);
    plan.base = base;
    plan.keepGoing = keepGoing;
    plan.preset = presetName.empty() ? nullptr : &presets::presetByName(presetName);

    const Topology topology = Topology::load();
    const auto& info = topology.info();
    std::optional<runner::SweepDriver> driver;
    try {
        driver.emplace(std::move(plan), topology); // checks every point
    } catch (const conductor::MemoryRefused& refused) {
        std::cerr << "oversub-cli: " << refused.what() << '\n';
        return toInt(ExitCode::OutOfMemory);
    }
    const analysis::RunContext context = runContext(info);
    SweepConsole console(!outputs.quiet && ::isatty(STDERR_FILENO) == 1);
    driver->measureBandwidth(console);

    EventsOutput events(outputs.eventsPath); // OutputError -> exit 7, path named
    std::ostringstream discarded; // --quiet: the table is not shown
    std::ostream& table = outputs.quiet ? discarded : events.tableStream();

    // A teaching preset asks its question before anything runs ("predict, then run").
    const presets::Preset* preset = driver->plan().preset;
    if (preset) table << presets::presetIntroduction(*preset) << std::flush;

    ResultsCollector unused; // the sink's; the driver's outcome carries the same Results
    RunEventSink sink(events, unused);
    if (!outputs.journalPath.empty()) sink.journal = std::make_unique<Journal>(outputs.journalPath);
    const auto machineJson = engineMachineRecord(info);
    sink.forward(events::Hello{events::kSchemaVersion, std::string("oversub-cli ") + OVERSUB_VERSION});
    const runner::SweepOutcome outcome = driver->run(context, machineJson, sink, console);

    printSweepHeadline(table, driver->plan(), outcome);
    printSweepSummary(table, outcome.summary);
    if (preset) table << presets::presetConclusion(*preset, outcome.verdicts);

    if (!outputs.outPath.empty()) writeResultsJson(outputs.outPath, outcome.results);
    if (!outputs.csvPath.empty()) writeResultsCsv(outputs.csvPath, outcome.results);
    return toInt(outcome.exitCode);
}

} // namespace oversub::cli
