#pragma once
// What `run` and `sweep` both set up before their first run: where the event
// stream goes (a file, stdout or nowhere) and the machine record every stream
// and results file carries.

#include "analysis/run_evidence.h"
#include "conductor/conductor.h"
#include "export/journal.h"
#include "export/results.h"
#include "topology/topology.h"

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace oversub::cli {

class EventsOutput {
public:
    // "" = no stream, "-" = stdout, else a file (truncated). Throws
    // std::runtime_error naming the path when the file cannot be opened.
    explicit EventsOutput(const std::string& path);
    std::ostream* stream() const { return stream_; }
    // Tables go where the events do not: stderr when events use stdout.
    std::ostream& tableStream() const;

private:
    std::unique_ptr<std::ofstream> file_;
    std::ostream* stream_ = nullptr;
    bool toStdout_ = false;
};

// Where `run` and `sweep` send every event, in this order: the journal
// (durable before anything shows it), the event stream, the results. A
// run_done the conductor left without findings gets the advisor's first,
// once an advice context is set.
class RunEventSink final : public conductor::EventSink {
public:
    RunEventSink(std::ostream* events, ResultsCollector& collector) : events_(events), collector_(collector) {}

    // The point being run; the pointers must outlive its runs.
    void setAdviceContext(const Experiment* experiment, const TopologyInfo* topology,
                          const analysis::RunContext* context);
    std::function<void()> onTaskDone; // e.g. a progress line
    std::unique_ptr<Journal> journal; // --journal

    void emit(const events::Event& event) override;
    // Records an event of the command itself (hello, progress, sweep_done).
    // Throws std::runtime_error when the event stream cannot be written.
    void forward(const events::Event& event);
    const events::RunDone& lastDone() const { return lastDone_; }

private:
    std::ostream* events_;
    ResultsCollector& collector_;
    const Experiment* experiment_ = nullptr;
    const TopologyInfo* topology_ = nullptr;
    const analysis::RunContext* context_ = nullptr;
    events::RunDone lastDone_;
};

// The output flags of `run` and `sweep`: --events, --out, --csv, --journal.
void addOutputFlags(CLI::App& command, std::string& eventsPath, std::string& outPath, std::string& csvPath,
                    std::string& journalPath);

// machine::machineRecord() plus what only the engine knows: hwloc's version,
// OpenBLAS's configuration and core, and the topology summary.
nlohmann::json engineMachineRecord(const topology::TopologyInfo& info);

} // namespace oversub::cli
