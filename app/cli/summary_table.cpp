#include "summary_table.h"

#include "analysis/advice_text.h"
#include "analysis/run_evidence.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace oversub::cli {

namespace {

using analysis::fixed;
using analysis::percent;

std::string padRight(std::string text, size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

std::string padLeft(std::string text, size_t width) {
    if (text.size() < width) text.insert(0, width - text.size(), ' ');
    return text;
}

// Seconds with enough digits for both a 3 ms and a 30 s run.
std::string seconds(double s) { return s < 10 ? fixed(s, 4) : fixed(s, 2); }

void printFinding(std::ostream& out, const analysis::Finding& f, std::string_view indent, std::string_view note = "") {
    out << indent << padRight(f.severity, 8) << ' ' << f.id;
    if (!note.empty()) out << " (" << note << ')';
    out << ": " << f.text << '\n';
}

} // namespace

void printFindings(std::ostream& out, const std::vector<analysis::Finding>& findings, std::string_view indent) {
    auto sorted = findings;
    analysis::sortBySeverity(sorted);
    for (const auto& f : sorted) printFinding(out, f, indent);
}

// A command run: how it ended, the CPU time of its whole tree, the thread
// variables it was given and the last lines it printed.
void printCommandResult(std::ostream& out, const events::CommandResult& command) {
    out << "exit     ";
    if (command.exitStatus) out << "status " << *command.exitStatus;
    else if (!command.signal.empty()) out << "killed by " << command.signal;
    else out << "did not run";
    out << ", tree cpu " << seconds(command.cpuSeconds) << " s\n";
    if (!command.threadEnv.empty()) {
        out << "env     ";
        for (const auto& [name, value] : command.threadEnv) out << ' ' << name << '=' << value;
        out << '\n';
    }
    if (command.outputTail.empty()) return;
    constexpr size_t kShownLines = 8;
    std::vector<std::string_view> lines;
    std::string_view rest = command.outputTail;
    while (!rest.empty()) {
        const size_t end = rest.find('\n');
        lines.push_back(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    const size_t first = lines.size() > kShownLines ? lines.size() - kShownLines : 0;
    out << "output" << (first > 0 ? " (last " + std::to_string(kShownLines) + " lines)" : std::string()) << '\n';
    for (size_t i = first; i < lines.size(); ++i) out << "  " << lines[i] << '\n';
}

void printRunSummary(std::ostream& out, const events::RunDone& done, std::string_view title, bool nominalFlops) {
    if (!title.empty()) out << title << '\n';
    out << "status   " << events::toString(done.status) << ", wall " << seconds(done.wallSeconds) << " s, timed "
        << seconds(done.timedSeconds()) << " s (from the first fork)\n";
    const auto& p = done.phases;
    out << "phases   prepare " << seconds(p.prepareSeconds) << " s, spawn " << seconds(p.spawnSeconds)
        << " s, delivery " << seconds(p.deliverySeconds) << " s, compute " << seconds(p.computeSeconds)
        << " s, collect " << seconds(p.collectSeconds) << " s, wait " << seconds(p.waitSeconds) << " s, teardown "
        << seconds(p.teardownSeconds) << " s\n";
    if (done.command) {
        printCommandResult(out, *done.command);
    } else {
        out << "rate     " << (done.gflops > 0 ? fixed(done.gflops, 2) + " GFLOP/s" : std::string("- GFLOP/s"))
            << (nominalFlops && done.gflops > 0 ? " (nominal: 22 n^3 a task; dgesdd does fewer)" : "") << ", "
            << (done.gbps > 0 ? fixed(done.gbps, 2) + " GB/s" : std::string("- GB/s")) << '\n';
    }

    if (!done.workers.empty()) {
        size_t cpusetWidth = 6;
        for (const auto& w : done.workers) cpusetWidth = std::max(cpusetWidth, w.cpuset.size());
        out << "worker  " << padLeft("pid", 8) << "  " << padRight("cpuset", cpusetWidth) << "  " << padLeft("tasks", 6)
            << padLeft("cpu s", 10) << padLeft("runq wait s", 13) << padLeft("invol. switches", 17) << '\n';
        for (const auto& w : done.workers)
            out << padRight(std::to_string(w.worker), 8) << padLeft(std::to_string(w.pid), 8) << "  "
                << padRight(w.cpuset.empty() ? "?" : w.cpuset, cpusetWidth) << "  "
                << padLeft(std::to_string(w.tasks), 6) << padLeft(seconds(w.cpuSeconds), 10)
                << padLeft(seconds(w.runqWaitSeconds), 13) << padLeft(std::to_string(w.involuntaryCtxSwitches), 17)
                << '\n';
    }
    if (!done.findings.empty()) {
        out << "findings\n";
        printFindings(out, analysis::fromEventFindings(done.findings));
    }
}

namespace {

void printAmdahl(std::ostream& out, const std::optional<analysis::AmdahlFit>& fit, const std::string& note,
                 int allowedPus) {
    if (fit) {
        const auto& a = *fit;
        out << "Amdahl fit: serial fraction " << fixed(a.serialFraction, 3) << " (range " << fixed(a.low, 3) << " to "
            << fixed(a.high, 3) << ", " << a.pointsUsed << " point" << (a.pointsUsed == 1 ? "" : "s") << ")";
        if (allowedPus > 1)
            out << "; predicts at most " << fixed(analysis::amdahlSpeedup(a.serialFraction, allowedPus), 2) << "x on "
                << allowedPus << " PUs";
        out << '\n';
    } else if (!note.empty()) {
        out << note << '\n';
    }
}

} // namespace

// One block a series (points that differ only in workers and threads), each
// with its own base: speedups never cross workloads or deliveries.
void printSweepSummary(std::ostream& out, const analysis::SweepSummary& s) {
    const bool severalSeries = s.series.size() > 1;
    if (!s.baseDescription.empty()) out << s.baseDescription << '\n';

    size_t labelWidth = 5;
    bool anyGbps = false, anyAbove = false;
    for (const auto& p : s.points) {
        labelWidth = std::max(labelWidth, (p.label.empty() ? std::string("(single point)") : p.label).size());
        anyGbps = anyGbps || p.gbps.has_value();
        anyAbove = anyAbove || p.aboveAllowedPus;
    }
    labelWidth += 2; // room for the " *" marker

    out << padRight("point", labelWidth) << padLeft("runs", 6) << padLeft("median s", 11) << padLeft("min s", 10)
        << padLeft("max s", 10) << padLeft("speedup", 9) << padLeft("efficiency", 12) << padLeft("Karp-Flatt", 12);
    if (anyGbps) out << padLeft("GB/s", 9);
    out << '\n';
    for (const auto& series : s.series) {
        if (severalSeries) out << "-- " << series.baseDescription << '\n';
        for (const auto& p : s.points) {
            if (p.series != series.name) continue;
            std::string label = p.label.empty() ? "(single point)" : p.label;
            if (p.aboveAllowedPus) label += " *";
            const std::string runs = p.failedRuns > 0
                                         ? std::to_string(p.runs - p.failedRuns) + "/" + std::to_string(p.runs)
                                         : std::to_string(p.runs);
            out << padRight(label, labelWidth) << padLeft(runs, 6);
            if (p.timedSeconds) {
                out << padLeft(seconds(p.timedSeconds->median), 11) << padLeft(seconds(p.timedSeconds->min), 10)
                    << padLeft(seconds(p.timedSeconds->max), 10);
            } else {
                out << padLeft("failed", 11) << padLeft("-", 10) << padLeft("-", 10);
            }
            if (p.scaling) {
                out << padLeft(p.scaling->isBase ? "base" : fixed(p.scaling->speedup, 2), 9)
                    << padLeft(p.scaling->efficiency ? percent(*p.scaling->efficiency) : "-", 12)
                    << padLeft(p.scaling->karpFlatt ? fixed(*p.scaling->karpFlatt, 3) : "-", 12);
            } else {
                out << padLeft("-", 9) << padLeft("-", 12) << padLeft("-", 12);
            }
            if (anyGbps) out << padLeft(p.gbps ? fixed(p.gbps->median, 1) : "-", 9);
            out << '\n';
        }
        if (severalSeries) printAmdahl(out, series.amdahl, series.amdahlNote, s.allowedPus);
    }
    if (anyAbove)
        out << "* workers x threads above the " << s.allowedPus << " allowed PU" << (s.allowedPus == 1 ? "" : "s")
            << '\n';
    out << "times: first fork to the last worker reaped (wall time less the input preparation), the interval "
           "speedups use\n"
           "efficiency = speedup / (workers x threads, relative to the base), where they differ; Karp-Flatt needs "
           "a 1x1 base\n";
    if (!severalSeries) printAmdahl(out, s.amdahl, s.amdahlNote, s.allowedPus);
    if (s.bandwidthCeiling)
        out << "bandwidth ceiling: " << fixed(*s.bandwidthCeiling, 2) << "x (machine " << fixed(*s.machineGbps, 1)
            << " GB/s / one worker " << fixed(*s.oneWorkerGbps, 1) << " GB/s)\n";

    bool anyPointFinding = false;
    for (const auto& p : s.points) anyPointFinding = anyPointFinding || !p.findings.empty();
    if (s.findings.empty() && !anyPointFinding) return;
    out << "findings\n";
    printFindings(out, s.findings);
    for (const auto& p : s.points) {
        if (p.findings.empty()) continue;
        out << "  " << (p.label.empty() ? std::string("runs") : p.label) << ":\n";
        const int measured = p.runs - p.failedRuns;
        for (const auto& f : p.findings)
            printFinding(out, f.finding, "    ",
                         measured > 1 ? std::to_string(f.runs) + " of " + std::to_string(measured) + " runs" : "");
    }
}

} // namespace oversub::cli
