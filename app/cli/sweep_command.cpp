// The sweep behind `oversub-cli sweep` and `oversub-cli run` with lists or a
// sweeping preset: runs the cartesian product of the experiment's sweep axes,
// each point `warmup` + `repeat` times, and prints per point the
// median/min/max wall time, speedup, efficiency, Karp-Flatt, the Amdahl fit
// and the advisor's findings; a teaching preset asks its question first and
// ends with its measured verdicts and lesson. Writes the same exports as a
// single run.

#include "sweep_command.h"
#include "run_output.h"
#include "run_context.h"
#include "summary_table.h"

#include "runner/bandwidth_probe.h"
#include "analysis/run_evidence.h"
#include "analysis/sweep_summary.h"
#include "presets/preset_verdict.h"
#include "conductor/cancellation.h"
#include "runner/conductor.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "experiment/series.h"
#include "experiment/sweep.h"
#include "export/journal.h"
#include "export/results.h"
#include "conductor/memory_preflight.h"
#include "machine/machine_record.h"
#include "machine/topology.h"
#include "util/exit_code.h"
#include "util/input_error.h"
#include "workloads/blas_threads.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace oversub::cli {
namespace {

bool memoryBoundWorkload(Workload w) { return w == Workload::Triad || w == Workload::Elementwise; }

std::string clockText(double seconds) {
    char buffer[32];
    if (seconds < 60) std::snprintf(buffer, sizeof buffer, "%.0f s", seconds);
    else std::snprintf(buffer, sizeof buffer, "%d min %02d s", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
    return buffer;
}

} // namespace

int runSweepCommand(const Experiment& base, const std::string& presetName, const OutputPaths& outputs,
                    bool keepGoing) {
    // Everything that can be refused is refused before any run starts.
    const auto points = expandPoints(base);
    checkOutputPaths(outputs);
    // The first run after an idle moment pays for page allocation and a CPU
    // waking up (docs/analysis.md, "Cold starts"); with no per-point warm-up
    // the sweep's first point still gets one, so no base is measured cold.
    const int sweepWarmup = base.warmup == 0 ? 1 : 0;
    const int perPoint = base.warmup + base.repeat;
    const int runsTotal = static_cast<int>(points.size()) * perPoint + sweepWarmup;

    const Topology topology = Topology::load();
    const auto& info = topology.info();
    try {
        for (const auto& point : points) conductor::checkRunnable(point.experiment, topology);
    } catch (const conductor::MemoryRefused& refused) {
        std::cerr << "oversub-cli: " << refused.what() << '\n';
        return toInt(ExitCode::OutOfMemory);
    }
    const std::string cpuModel = machine::cpuModel();
    analysis::RunContext context = runContext(info);

    // Memory-bound work is judged against the machine's triad bandwidth,
    // measured once per machine and cached.
    std::optional<analysis::BandwidthRecord> bandwidth;
    bool anyMemoryBound = false;
    for (const auto& p : points) anyMemoryBound = anyMemoryBound || memoryBoundWorkload(p.experiment.workload);
    if (anyMemoryBound) {
        bandwidth = analysis::machineBandwidth(topology, cpuModel, false);
        if (!bandwidth) {
            std::cerr << "measuring the machine's triad bandwidth once (cached in "
                      << analysis::defaultBandwidthCachePath() << ") ...\n";
            try {
                bandwidth = analysis::machineBandwidth(topology, cpuModel, true);
                if (bandwidth && bandwidth->runqWaitShare > analysis::kProbeMaxRunqWaitShare)
                    std::cerr << "the probe's workers waited for a CPU "
                              << static_cast<int>(bandwidth->runqWaitShare * 100 + 0.5)
                              << "% of their time (other processes were busy): bandwidth used for this sweep, "
                                 "not cached\n";
            } catch (const std::exception& e) {
                std::cerr << "bandwidth not measured: " << e.what() << '\n';
            }
        }
        if (bandwidth) context.machineBandwidthGbps = bandwidth->machineGbps;
    }

    EventsOutput events(outputs.eventsPath); // OutputError -> exit 7, path named
    std::ostringstream discarded; // --quiet: the table is not shown
    std::ostream& table = outputs.quiet ? discarded : events.tableStream();
    const bool showProgress = !outputs.quiet && ::isatty(STDERR_FILENO) == 1;

    // A teaching preset asks its question before anything runs ("predict, then run").
    const presets::Preset* preset =
        presetName.empty() ? nullptr : &presets::presetByName(presetName);
    if (preset)
        table << preset->title << "\n\n" << preset->story << "\n\n" << preset->question << "\n\n"
              << std::flush;

    ResultsCollector collector;
    RunEventSink sink(events, collector);
    if (!outputs.journalPath.empty()) sink.journal = std::make_unique<Journal>(outputs.journalPath);
    const auto machineJson = engineMachineRecord(info);
    sink.forward(events::Hello{events::kSchemaVersion, std::string("oversub-cli ") + OVERSUB_VERSION});
    sink.forward(events::SweepStarted{toJson(base), machineJson, runsTotal, static_cast<int>(points.size())});

    conductor::CancellationScope cancellation;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };

    std::vector<analysis::PointRuns> pointRuns;
    std::optional<ExitCode> firstFailure;
    int runIndex = 0, runsDone = 0, runsFailed = 0;
    events::RunStatus worst = events::RunStatus::Ok;
    bool stop = false;
    for (const auto& point : points) {
        if (stop) break;
        analysis::PointRuns pr;
        pr.label = point.label;
        pr.workers = point.experiment.workers;
        pr.threadsPerWorker = point.experiment.threads;
        pr.series = sweepSeriesName(base.sweep, point.experiment);
        sink.setAdviceContext(&point.experiment, &info, &context);

        const int warmups = base.warmup + (point.index == 0 ? sweepWarmup : 0);
        for (int i = 0; i < warmups + base.repeat && !stop; ++i) {
            const bool warmup = i < warmups;
            const int repetition = warmup ? i : i - warmups;
            conductor::RunRequest request;
            request.experiment = point.experiment;
            request.runIndex = runIndex++;
            request.pointLabel = point.label;
            request.repetition = repetition;
            request.warmup = warmup;
            request.pointIndex = point.index;
            const auto outcome = conductor::runExperiment(request, topology, sink);
            ++runsDone;
            const auto& done = sink.lastDone();
            if (!warmup) {
                ++pr.runs;
                if (outcome.status == conductor::RunStatus::Ok) {
                    pr.wallSeconds.push_back(done.wallSeconds);
                    pr.timedSeconds.push_back(done.timedSeconds());
                    pr.gbps.push_back(done.gbps);
                    for (auto& f : analysis::fromEventFindings(done.findings)) pr.runFindings.push_back(std::move(f));
                }
            }
            if (outcome.status != conductor::RunStatus::Ok) {
                ++runsFailed;
                if (!warmup) ++pr.failedRuns;
                if (pr.firstError.empty() && outcome.error) pr.firstError = outcome.error->message;
                if (!firstFailure) firstFailure = outcome.exitCode;
                worst = done.status;
                if (outcome.status == conductor::RunStatus::Cancelled || !keepGoing) stop = true;
            }

            const double spent = elapsed();
            const double eta = runsDone < runsTotal ? spent / runsDone * (runsTotal - runsDone) : 0;
            sink.forward(events::Progress{runsDone, runsTotal, spent, eta});
            if (showProgress) {
                std::fprintf(stderr, "\r\033[K[%d/%d] %s%s  ~%s left", runsDone, runsTotal,
                             point.label.empty() ? "run" : point.label.c_str(), warmup ? " (warm-up)" : "",
                             clockText(eta).c_str());
                std::fflush(stderr);
            }
        }
        pointRuns.push_back(std::move(pr));
    }
    if (showProgress) std::fprintf(stderr, "\r\033[K");

    analysis::BandwidthContext bw;
    if (bandwidth) {
        bw.machineGbps = bandwidth->machineGbps;
        bw.oneWorkerGbps = bandwidth->oneWorkerGbps;
    }
    const auto summary = analysis::summarizeSweep(pointRuns, info.allowed.count(), bw, base.warmup);
    auto summaryJson = analysis::toJson(summary);
    std::vector<presets::Verdict> verdicts;
    if (preset) {
        verdicts = presets::checkExpectations(*preset, summary);
        auto list = nlohmann::json::array();
        for (const auto& v : verdicts)
            list.push_back({{"point", v.expectation.point}, {"baseline", v.expectation.baseline},
                            {"claim", v.expectation.claim}, {"measured", v.measured}, {"holds", v.holds},
                            {"ratio", v.ratio}, {"text", v.text}});
        summaryJson["preset"] = {{"name", preset->name}, {"lesson", preset->lesson}, {"verdicts", list}};
    }
    sink.forward(events::SweepDone{worst, runsDone, runsFailed, elapsed(), summaryJson});

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
    table << ", " << runsDone << " of " << runsTotal
          << " runs done" << (runsFailed ? ", " + std::to_string(runsFailed) + " failed" : "") << '\n';
    printSweepSummary(table, summary);
    if (preset) {
        table << "\nWhat this machine showed:\n";
        for (const auto& v : verdicts) table << "  " << v.text << '\n';
        table << "\nLesson: " << preset->lesson << '\n';
    }

    Results results = collector.results();
    results.findings = analysis::toEventFindings(summary.findings);
    results.summary = summaryJson;
    if (!outputs.outPath.empty()) writeResultsJson(outputs.outPath, results);
    if (!outputs.csvPath.empty()) writeResultsCsv(outputs.csvPath, results);
    return toInt(firstFailure.value_or(ExitCode::Ok));
}

} // namespace oversub::cli
