#pragma once
// The kinds of event in Oversub's JSON-lines stream (docs/events.md), one
// struct each, with its JSON writer and reader declared right beside it.
// The conductor writes them, the CLI prints them, the window reads them back
// through parseEventLine/EventReader (event.h).
//
// Times of a run's events are seconds on the monotonic clock since that run
// started (run_started); a watch sample's time counts from the start of watching.

#include "events/finding.h"
#include "events/gauge_reading.h"
#include "events/samples.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oversub::events {

// Version of the stream layout, carried by the first line (hello). Bump it
// when a field changes meaning or a required field is added.
inline constexpr int kSchemaVersion = 1;

using Json = nlohmann::json; // what readers take
using OrderedJson = nlohmann::ordered_json; // what writers produce ("event" first)

// {"event":"hello","schema":1,"producer":"oversub-cli 0.1.0"}: first line of every stream.
struct Hello {
    int schema = kSchemaVersion;
    std::string producer; // "oversub-cli 0.1.0"
    bool operator==(const Hello&) const = default;
};
OrderedJson toJson(const Hello& e);
Hello helloFromJson(const Json& j); // SchemaMismatchError when schema != kSchemaVersion

// Once per `run`/`sweep` invocation, before the first run: what was asked for.
struct SweepStarted {
    Json experiment; // the whole experiment (with its sweep), toJson(Experiment)
    Json machine; // machine record (opaque here; filled by the machine module)
    int runsTotal = 0; // runs to come, warm-ups included
    int points = 0; // sweep points
    bool operator==(const SweepStarted&) const = default;
};
OrderedJson toJson(const SweepStarted& e);
SweepStarted sweepStartedFromJson(const Json& j);

struct RunStarted {
    int run = 0; // index over the whole invocation, from 0
    int point = 0; // sweep point index
    std::string label; // sweep point label, "workers=2 threads=1" ("" for a single point)
    int repetition = 0; // within the point; warm-ups and measured runs count separately
    bool warmup = false;
    Json experiment; // this run's experiment (no sweep), toJson(Experiment)
    Json machine; // machine record, or null when only sweep_started carries it
    bool operator==(const RunStarted&) const = default;
};
OrderedJson toJson(const RunStarted& e);
RunStarted runStartedFromJson(const Json& j);

struct WorkerReady {
    int run = 0;
    int worker = 0;
    int pid = 0;
    std::vector<int> tids;
    std::string cpuset; // as read back from the kernel (sched_getaffinity), cpu list
    std::string requestedCpuset; // what placement asked for
    double tSeconds = 0; // when the worker reported ready
    bool operator==(const WorkerReady&) const = default;
};
OrderedJson toJson(const WorkerReady& e);
WorkerReady workerReadyFromJson(const Json& j);

// One sampler tick. Shares are written with 6 decimals (far below what
// /proc can resolve), so values with at most 6 decimals read back exactly.
// A process whose threads a stream shows for the first time, with its name
// (the kernel's comm). The engine names each process once per stream, so a
// reader (the window) learns names without reading /proc.
struct ProcessName {
    int pid = 0;
    std::string name;
    bool operator==(const ProcessName&) const = default;
};

struct Sample {
    int run = -1; // -1 for `watch`
    sampler::Snapshot snapshot;
    std::vector<ProcessName> newProcesses; // "processes"; written only when not empty
    // The oversubscription gauge over this tick's threads ("gauge"): set once
    // the PUs the threads may use are known (a run's workers ready, a watched
    // tree's affinity read); absent for the idle machine.
    std::optional<analysis::GaugeReading> gauge;
    // The node of a `watch --job` stream (event_watch.h: NodeInfo), last on
    // the line; "" (not written) otherwise.
    std::string node;
    bool operator==(const Sample&) const = default;
};
OrderedJson toJson(const Sample& e);
Sample sampleFromJson(const Json& j);

struct TaskDone {
    int run = 0;
    int worker = 0;
    int64_t task = 0;
    double t0Seconds = 0; // task start
    double t1Seconds = 0; // task end (result sent)
    double deliverySeconds = 0;
    double computeSeconds = 0;
    bool operator==(const TaskDone&) const = default;
};
OrderedJson toJson(const TaskDone& e);
TaskDone taskDoneFromJson(const Json& j);

enum class RunStatus { Ok, Failed, Cancelled, Timeout };
std::string_view toString(RunStatus status); // "ok", "failed", "cancelled", "timeout"

// The phases of a run add up to its wall time (docs/architecture.md,
// "Timing"). Prepare is the conductor's work before the first fork; spawn,
// delivery, compute, collect and wait are the mean over the workers that got
// ready of their own timelines from inputs ready to release (per-worker
// figures are in WorkerStats); teardown is release to the last worker reaped.
struct Phases {
    double prepareSeconds = 0; // run start to the first fork: inputs built
    double spawnSeconds = 0; // inputs ready to a worker ready
    double deliverySeconds = 0;
    double computeSeconds = 0;
    double collectSeconds = 0;
    double waitSeconds = 0; // ready with no task: before, between and after its tasks
    double teardownSeconds = 0;
    double sum() const {
        return prepareSeconds + spawnSeconds + deliverySeconds + computeSeconds + collectSeconds + waitSeconds +
               teardownSeconds;
    }
    bool operator==(const Phases&) const = default;
};

struct WorkerStats {
    int worker = 0;
    int pid = 0;
    std::string cpuset;
    int64_t tasks = 0;
    double cpuSeconds = 0;
    uint64_t involuntaryCtxSwitches = 0;
    uint64_t voluntaryCtxSwitches = 0;
    double runqWaitSeconds = 0;
    double spawnSeconds = 0;
    double deliverySeconds = 0;
    double computeSeconds = 0;
    double collectSeconds = 0;
    double waitSeconds = 0;
    // A command's process that was an MPI rank: its rank (-1: not a rank)
    // and the OMP_NUM_THREADS it was started with (0: unset).
    int rank = -1;
    int ompThreads = 0;
    bool operator==(const WorkerStats&) const = default;
};

// The advisor's findings, {id, severity, text, evidence}, carried as they are.
using Finding = analysis::Finding;
OrderedJson toOrderedJson(const Finding& x);
Finding findingFromEventJson(const Json& j); // EventParseError naming the field

// What an external command run (experiment `command`) did: the argv it
// executed, how it ended, the CPU time of its whole process tree, the thread
// variables it was given and the end of what it printed.
struct CommandResult {
    std::vector<std::string> argv; // after placeholder substitution and splitting
    std::optional<int> exitStatus; // null: it never ran, or a signal ended it
    std::string signal; // "SIGKILL" when a signal ended it, "" otherwise
    double cpuSeconds = 0; // user + system of the whole tree (wait4 rusage)
    std::map<std::string, std::string> threadEnv; // OMP_NUM_THREADS -> "2", ...
    std::string outputTail; // last <= 8 KiB of stdout + stderr (valid UTF-8)
    bool operator==(const CommandResult&) const = default;
};

// How the run was sampled: the rate asked, the rate the conductor kept
// (ticks over the span from the first to the last), the longest gap. Reading
// /proc for thousands of threads can take longer than a tick: the stream
// says so here rather than drawing a slower rate as if it were the asked one.
struct SamplingStats {
    double requestedHz = 0;
    double achievedHz = 0;
    double longestGapSeconds = 0;
    int samples = 0;
    bool operator==(const SamplingStats&) const = default;
};

struct RunDone {
    int run = 0;
    RunStatus status = RunStatus::Ok;
    double wallSeconds = 0;
    Phases phases;
    // The interval speedups use: wall minus prepare, first fork to the last
    // worker reaped (what a time() around Pool(...) + map + join measures).
    double timedSeconds() const { return wallSeconds - phases.prepareSeconds; }
    std::vector<WorkerStats> workers;
    double gflops = 0; // 0 when the workload counts no FLOPs
    double gbps = 0; // GB/s moved by the kernel, 0 when not counted
    // One task's data in a worker (input, output, scratch) and the smallest
    // cache level whose per-worker share holds it: "L1".."L3" or "memory";
    // "" when unknown (command runs, older files). topology/cache_fit.h.
    uint64_t workingSetBytes = 0;
    std::string fitsIn;
    double checksum = 0; // written as null when not finite
    std::vector<Finding> findings;
    std::optional<CommandResult> command; // external command runs only; absent otherwise
    std::optional<SamplingStats> sampling; // absent in older files and unsampled runs
    // The oversubscription gauge over the whole run (analysis/run_gauge.h):
    // the figures the findings use, for the window's "last run"; absent in
    // older files and when no worker time was measured.
    std::optional<analysis::GaugeReading> gauge;
    bool operator==(const RunDone& o) const;
};
OrderedJson toJson(const RunDone& e);
RunDone runDoneFromJson(const Json& j);

enum class ErrorKind {
    WorkerCrashed,
    WorkerExited,
    Timeout,
    Cancelled,
    BadInput,
    Io,
    OutOfMemory,
    CommandFailed,
    Internal
};
std::string_view toString(ErrorKind kind); // "worker-crashed", "worker-exited", ...

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    int run = -1; // -1: not tied to a run
    int worker = -1; // -1: not tied to a worker
    int pid = 0; // 0: unknown
    std::string signal; // "SIGSEGV", "" when none
    int exitStatus = -1; // -1: not an exit
    int64_t task = -1; // task running when it happened, -1: none/unknown
    std::string message; // one readable line: "worker 3 (pid 1234) killed by SIGSEGV during task 7"
    bool operator==(const Error&) const = default;
};
OrderedJson toJson(const Error& e);
Error errorFromJson(const Json& j);

struct Progress {
    int runsDone = 0;
    int runsTotal = 0;
    double elapsedSeconds = 0;
    double etaSeconds = -1; // -1: not known yet
    bool operator==(const Progress&) const = default;
};
OrderedJson toJson(const Progress& e);
Progress progressFromJson(const Json& j);

// Last line of a `run`/`sweep` invocation.
struct SweepDone {
    RunStatus status = RunStatus::Ok; // worst status of its runs
    int runsDone = 0;
    int runsFailed = 0;
    double wallSeconds = 0;
    Json summary; // per-point statistics (median/min/max, speedup), opaque here
    bool operator==(const SweepDone&) const = default;
};
OrderedJson toJson(const SweepDone& e);
SweepDone sweepDoneFromJson(const Json& j);

} // namespace oversub::events
