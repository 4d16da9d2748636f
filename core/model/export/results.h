#pragma once
// What an invocation of `run`/`sweep` produced: the experiment, the machine
// record and one RunRecord per run, written as JSON (--out) and CSV (--csv).
// Built from the event stream (ResultsCollector), so the CLI and the window,
// which both see the same events, write identical files.

#include "events/event.h"
#include "experiment/experiment.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace oversub {

// Version of the results file layout, written as "schema".
inline constexpr int kResultsSchema = 1;

struct RunRecord {
    int run = 0; // index over the invocation
    int point = 0; // sweep point
    std::string label; // sweep point label
    int repetition = 0;
    bool warmup = false;
    Experiment experiment; // the knob values of this run
    events::RunDone done; // status, wall_s, phases, per-worker stats, GFLOP/s, GB/s, checksum, findings
    std::vector<events::Error> errors; // what went wrong, in order
    bool operator==(const RunRecord&) const = default;
};

struct Results {
    Experiment experiment; // as asked for, with its sweep
    nlohmann::json machine; // machine record (opaque here)
    std::vector<RunRecord> runs; // in run order, warm-ups included
    std::vector<events::Finding> findings; // about the whole sweep
    nlohmann::json summary; // per-point statistics from sweep_done (opaque here)
    bool operator==(const Results&) const = default;
};

// The record of one run from its two events (and the errors reported for it).
// Throws InputError when the run_started experiment is not a valid experiment.
RunRecord fromEvents(const events::RunStarted& started, const events::RunDone& done,
                     const std::vector<events::Error>& errors = {});

// Feeds on events in stream order and keeps the Results up to date.
class ResultsCollector {
public:
    void add(const events::Event& event);
    const Results& results() const { return results_; }

private:
    Results results_;
    bool haveExperiment_ = false;
    std::vector<events::RunStarted> started_; // runs begun and not yet done
    std::vector<events::Error> errors_; // errors of those runs
};

nlohmann::ordered_json toJson(const RunRecord& record);
RunRecord runRecordFromJson(const nlohmann::json& json);
nlohmann::ordered_json toJson(const Results& results);
// Throws InputError (field named) for content that is not a results file.
Results resultsFromJson(const nlohmann::json& json);

// Column names of the CSV (unique): run, point, label, repetition, is_warmup, every knob,
// then status, wall_s, the phases, gflops, gbps, checksum, worker totals,
// per-worker cpusets and tasks (';'-separated, worker order), findings, errors,
// then for external command runs command_exit_status, command_signal,
// command_cpu_s (whole tree) and command_thread_env ("NAME=value;...").
std::vector<std::string> resultsCsvHeader();
// Header plus one row per run (RFC 4180, csv_writer.h).
std::string resultsCsv(const Results& results);

// Both atomic (export/atomic_file.h); throw std::runtime_error naming the path.
void writeResultsJson(const std::string& path, const Results& results);
void writeResultsCsv(const std::string& path, const Results& results);
// Reads a file written by writeResultsJson. Throws InputError naming the file.
Results readResultsJson(const std::string& path);

} // namespace oversub
