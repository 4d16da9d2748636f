#include "run_output.h"

#include "analysis/advisor.h"
#include "events/event.h"
#include "machine/machine_record.h"
#include "workloads/blas_threads.h"

#include <iostream>
#include <stdexcept>

namespace oversub::cli {

EventsOutput::EventsOutput(const std::string& path) {
    if (path == "-") {
        stream_ = &std::cout;
        toStdout_ = true;
    } else if (!path.empty()) {
        file_ = std::make_unique<std::ofstream>(path, std::ios::trunc);
        if (!*file_) throw std::runtime_error("cannot write events to " + path);
        stream_ = file_.get();
    }
}

std::ostream& EventsOutput::tableStream() const { return toStdout_ ? std::cerr : std::cout; }

void RunEventSink::setAdviceContext(const Experiment* experiment, const TopologyInfo* topology,
                                    const analysis::RunContext* context) {
    experiment_ = experiment;
    topology_ = topology;
    context_ = context;
}

void RunEventSink::emit(const events::Event& event) {
    if (const auto* done = std::get_if<events::RunDone>(&event);
        done && done->findings.empty() && experiment_ && topology_ && context_) {
        events::RunDone advised = *done;
        advised.findings = analysis::toEventFindings(
            analysis::adviseRun(analysis::evidenceFromRun(*experiment_, advised, *topology_, *context_)));
        forward(events::Event(std::move(advised)));
        return;
    }
    if (onTaskDone && std::holds_alternative<events::TaskDone>(event)) onTaskDone();
    forward(event);
}

void RunEventSink::forward(const events::Event& event) {
    if (const auto* done = std::get_if<events::RunDone>(&event)) lastDone_ = *done;
    if (journal) journal->append(event);
    if (events_) {
        *events_ << events::toJsonLine(event) << '\n' << std::flush;
        if (!*events_) throw std::runtime_error("cannot write the event stream");
    }
    collector_.add(event);
}

void addOutputFlags(CLI::App& command, std::string& eventsPath, std::string& outPath, std::string& csvPath,
                    std::string& journalPath) {
    // An empty path was ignored before: the run's results went nowhere.
    const CLI::Validator notEmpty([](std::string& path) { return path.empty() ? std::string("an empty path (give a file name)") : std::string(); },
                                  "FILE");
    command.add_option("--events", eventsPath, "Write the event stream (JSON lines) to FILE, or - for stdout")
        ->check(notEmpty);
    command.add_option("--out", outPath, "Write the results as JSON to FILE (atomically)")->check(notEmpty);
    command.add_option("--csv", csvPath, "Write one CSV row per run to FILE (atomically)")->check(notEmpty);
    command.add_option("--journal", journalPath,
                       "Append each finished run to FILE (fsync'd) so 'oversub-cli recover FILE' can rebuild "
                       "the results after a crash")
        ->check(notEmpty);
}

nlohmann::json engineMachineRecord(const topology::TopologyInfo& info) {
    return machine::machineRecord(
        {{"hwloc_version", Topology::hwlocRuntimeVersion()},
         {"openblas_config", openblasConfig()},
         {"openblas_corename", openblasCoreName()},
         {"topology", {{"packages", info.packages}, {"cores", info.cores}, {"pus", info.puCount()}}}});
}

} // namespace oversub::cli
