#include "run_output.h"

#include "events/event.h"
#include "machine/machine_record.h"
#include "util/fd_io.h"
#include "util/output_file.h"
#include "workloads/blas_threads.h"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace oversub::cli {

EventsOutput::EventsOutput(const std::string& path) : path_(path) {
    if (path == "-") {
        fd_ = STDOUT_FILENO;
    } else if (!path.empty()) {
        fd_ = openInPlace("--events", path, O_WRONLY | O_TRUNC);
        ownsFd_ = true;
    }
}

EventsOutput::~EventsOutput() {
    if (ownsFd_) ::close(fd_);
}

bool EventsOutput::writeLine(const std::string& line) {
    if (fd_ < 0) return true;
    if (fd_ == STDOUT_FILENO) std::cout.flush(); // nothing else printed there may come after it
    if (writeAll(fd_, line + '\n')) return true;
    if (errno == EPIPE) return false;
    throw OutputError(outputProblem("--events", path_ == "-" ? "stdout" : path_,
                                    std::string("cannot write (") + std::strerror(errno) + ")"));
}

std::ostream& EventsOutput::tableStream() const { return fd_ == STDOUT_FILENO ? std::cerr : std::cout; }

void RunEventSink::emit(const events::Event& event) {
    if (onTaskDone && std::holds_alternative<events::TaskDone>(event)) onTaskDone();
    forward(event);
}

void RunEventSink::forward(const events::Event& event) {
    if (journal) journal->append(event);
    if (events_.enabled() && !events_.writeLine(events::toJsonLine(event)))
        throw OutputError(outputProblem("--events", "stdout", "the reader closed the stream"));
    collector_.add(event);
}

void addOutputFlags(CLI::App& command, OutputPaths& paths) {
    // An empty path was ignored before: the run's results went nowhere.
    const CLI::Validator notEmpty(
        [](std::string& path) {
        return path.empty() ? std::string("an empty path (give a file name)") : std::string();
        },
        "FILE");
    command.add_option("--events", paths.eventsPath, "Write the event stream (JSON lines) to FILE, or - for stdout")
        ->check(notEmpty);
    command.add_option("--out", paths.outPath, "Write the results as JSON to FILE (atomically)")->check(notEmpty);
    command.add_option("--csv", paths.csvPath, "Write one CSV row per run to FILE (atomically)")->check(notEmpty);
    command
        .add_option("--journal", paths.journalPath,
                    "Append each finished run to FILE (fsync'd) so 'oversub-cli recover FILE' can rebuild "
                    "the results after a crash")
        ->check(notEmpty);
}

void checkOutputPaths(const OutputPaths& paths) {
    if (!paths.eventsPath.empty() && paths.eventsPath != "-")
        checkOutputPath("--events", paths.eventsPath, OutputWrite::InPlace);
    if (!paths.journalPath.empty()) checkOutputPath("--journal", paths.journalPath, OutputWrite::InPlace);
    if (!paths.outPath.empty()) checkOutputPath("--out", paths.outPath, OutputWrite::Replace);
    if (!paths.csvPath.empty()) checkOutputPath("--csv", paths.csvPath, OutputWrite::Replace);
}

nlohmann::json engineMachineRecord(const topology::TopologyInfo& info) {
    return machine::machineRecord({{"hwloc_version", Topology::hwlocRuntimeVersion()},
                                   {"openblas_config", openblasConfig()},
                                   {"openblas_corename", openblasCoreName()},
                                   // The whole topology (its counts as before, plus every PU's core,
                                   // package and OS number): a replay draws the machine as it was.
                                   {"topology", toJson(info)}});
}

} // namespace oversub::cli
