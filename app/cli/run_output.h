#pragma once
// What `run` and `sweep` both set up before their first run: where the event
// stream goes (a file, stdout or nowhere) and the machine record every stream
// and results file carries.

#include "analysis/run_evidence.h"
#include "export/journal.h"
#include "export/results.h"
#include "machine/topology.h"
#include "runner/conductor.h"

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace oversub::cli {

class EventsOutput {
public:
    // "" = no stream, "-" = stdout, else a file opened in place (truncated,
    // never through a link, regular files only: export/output_file.h).
    // Throws OutputError naming the path when it cannot be opened.
    explicit EventsOutput(const std::string& path);
    ~EventsOutput();
    EventsOutput(const EventsOutput&) = delete;
    EventsOutput& operator=(const EventsOutput&) = delete;

    bool enabled() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    // Writes one JSON line; false when the reader closed the stream (EPIPE,
    // with SIGPIPE ignored). Throws OutputError naming the path and errno.
    bool writeLine(const std::string& line);
    // Tables go where the events do not: stderr when events use stdout.
    std::ostream& tableStream() const;

private:
    std::string path_;
    int fd_ = -1;
    bool ownsFd_ = false;
};

// Where `run` and `sweep` send every event, in this order: the journal
// (durable before anything shows it), the event stream, the results. The
// advisor's findings are already in run_done (the SweepDriver adds them).
class RunEventSink final : public conductor::EventSink {
public:
    RunEventSink(EventsOutput& events, ResultsCollector& collector) : events_(events), collector_(collector) {}

    std::function<void()> onTaskDone; // e.g. a progress line
    std::unique_ptr<Journal> journal; // --journal

    void emit(const events::Event& event) override;
    // Records an event of the command itself (hello, progress, sweep_done).
    // Throws OutputError when the journal or the event stream cannot be
    // written.
    void forward(const events::Event& event);

private:
    EventsOutput& events_;
    ResultsCollector& collector_;
};

struct OutputPaths {
    std::string eventsPath; // "" none, "-" stdout
    std::string outPath; // results JSON
    std::string csvPath; // results CSV
    std::string journalPath;
    bool quiet = false; // no progress line and no summary table
};

// The output flags of `run` and `sweep`: --events, --out, --csv, --journal.
void addOutputFlags(CLI::App& command, OutputPaths& paths);

// Refuses, before anything runs, every output path that cannot take its
// file (export/output_file.h): throws OutputError naming the flag and path.
void checkOutputPaths(const OutputPaths& paths);

// machine::machineRecord() plus what only the engine knows: hwloc's version,
// OpenBLAS's configuration and core, and the topology summary.
nlohmann::json engineMachineRecord(const topology::TopologyInfo& info);

} // namespace oversub::cli
