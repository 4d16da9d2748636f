#pragma once
// What `run` and `sweep` both set up before their first run: where the event
// stream goes (a file, stdout or nowhere) and the machine record every stream
// and results file carries.

#include "topology/topology.h"

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
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

// The output flags of `run` and `sweep`: --events, --out, --csv, --journal.
void addOutputFlags(CLI::App& command, std::string& eventsPath, std::string& outPath, std::string& csvPath,
                    std::string& journalPath);

// machine::machineRecord() plus what only the engine knows: hwloc's version,
// OpenBLAS's configuration and core, and the topology summary.
nlohmann::json engineMachineRecord(const topology::TopologyInfo& info);

} // namespace oversub::cli
