// Writers and readers of the events that describe a run: sweep_started,
// run_started, worker_ready, task_done, run_done (with its findings), each
// from its field table (field_table.h).

#include "events/event.h"
#include "events/field_table.h"
#include "events/gauge_fields.h"

#include <cmath>

namespace oversub::events {

namespace {

bool sameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

constexpr std::tuple kPhasesFields{
    optionalField("prepare_s", &Phases::prepareSeconds, 0), // files from before prepare and wait were named
    field("spawn_s", &Phases::spawnSeconds),
    field("delivery_s", &Phases::deliverySeconds),
    field("compute_s", &Phases::computeSeconds),
    field("collect_s", &Phases::collectSeconds),
    optionalField("wait_s", &Phases::waitSeconds, 0),
    optionalField("teardown_s", &Phases::teardownSeconds, 0),
};

constexpr std::tuple kWorkerStatsFields{
    field("worker", &WorkerStats::worker),
    field("pid", &WorkerStats::pid),
    field("cpuset", &WorkerStats::cpuset),
    field("tasks", &WorkerStats::tasks),
    field("cpu_s", &WorkerStats::cpuSeconds),
    field("involuntary_ctx_switches", &WorkerStats::involuntaryCtxSwitches),
    field("voluntary_ctx_switches", &WorkerStats::voluntaryCtxSwitches),
    field("runq_wait_s", &WorkerStats::runqWaitSeconds),
    optionalField("spawn_s", &WorkerStats::spawnSeconds, 0),
    optionalField("delivery_s", &WorkerStats::deliverySeconds, 0),
    optionalField("compute_s", &WorkerStats::computeSeconds, 0),
    optionalField("collect_s", &WorkerStats::collectSeconds, 0),
    optionalField("wait_s", &WorkerStats::waitSeconds, 0),
    omittedAtFallbackField("rank", &WorkerStats::rank, -1),
    omittedAtFallbackField("omp_threads", &WorkerStats::ompThreads, 0),
};

std::vector<std::string> argvFromJson(const Fields& f, const char* key) {
    std::vector<std::string> argv;
    for (const auto& arg : f.array(key)) {
        if (!arg.is_string()) f.fail(key, "an array of strings");
        argv.push_back(arg.get<std::string>());
    }
    return argv;
}

OrderedJson exitStatusJson(const std::optional<int>& status) { return status ? OrderedJson(*status) : OrderedJson(); }

std::optional<int> exitStatusFromJson(const Fields& f, const char* key) {
    if (f.has(key)) return f.integer(key);
    return std::nullopt;
}

OrderedJson envJson(const std::map<std::string, std::string>& vars) {
    OrderedJson env = OrderedJson::object();
    for (const auto& [name, value] : vars) env[name] = value;
    return env;
}

std::map<std::string, std::string> envFromJson(const Fields& f, const char* key) {
    std::map<std::string, std::string> vars;
    const Json& env = f.any(key);
    if (env.is_null()) return vars;
    if (!env.is_object()) f.fail(key, "an object of strings");
    for (const auto& [name, value] : env.items()) {
        if (!value.is_string()) f.fail(key, "an object of strings");
        vars[name] = value.get<std::string>();
    }
    return vars;
}

constexpr std::tuple kCommandFields{
    customField(
        "argv", &CommandResult::argv, [](const std::vector<std::string>& argv) { return OrderedJson(argv); },
        argvFromJson),
    customField("exit_status", &CommandResult::exitStatus, exitStatusJson, exitStatusFromJson),
    optionalField("signal", &CommandResult::signal, ""),
    optionalField("cpu_seconds", &CommandResult::cpuSeconds, 0),
    customField("thread_env", &CommandResult::threadEnv, envJson, envFromJson),
    optionalField("output_tail", &CommandResult::outputTail, ""),
};

constexpr std::tuple kSamplingFields{
    field("requested_hz", &SamplingStats::requestedHz),
    field("achieved_hz", &SamplingStats::achievedHz),
    field("longest_gap_s", &SamplingStats::longestGapSeconds),
    field("samples", &SamplingStats::samples),
};

constexpr std::tuple kFindingFields{
    field("id", &Finding::id),
    field("severity", &Finding::severity),
    field("text", &Finding::text),
    customField("evidence", &Finding::evidence, orderedCopy,
                [](const Fields& f, const char* key) { return f.has(key) ? f.any(key) : Json::object(); }),
};

constexpr std::tuple kSweepStartedFields{
    field("runs_total", &SweepStarted::runsTotal),
    field("points", &SweepStarted::points),
    jsonField("experiment", &SweepStarted::experiment),
    jsonField("machine", &SweepStarted::machine),
};

constexpr std::tuple kRunStartedFields{
    field("run", &RunStarted::run),
    optionalField("point", &RunStarted::point, 0),
    optionalField("label", &RunStarted::label, ""),
    optionalField("repetition", &RunStarted::repetition, 0),
    optionalField("warmup", &RunStarted::warmup, false),
    customField(
        "experiment", &RunStarted::experiment, orderedCopy,
        [](const Fields& f, const char* key) {
    const Json& experiment = f.any(key);
    if (!experiment.is_object()) f.fail(key, "an object");
    return experiment;
        }),
    jsonField("machine", &RunStarted::machine),
    };

std::vector<int> tidsFromJson(const Fields& f, const char* key) {
    std::vector<int> tids;
    for (const auto& tid : f.array(key)) {
        if (!tid.is_number_integer() || tid.get<int64_t>() < 0 || tid.get<int64_t>() > 0x7fffffff)
            f.fail(key, "an array of thread ids");
        tids.push_back(tid.get<int>());
    }
    return tids;
}

constexpr std::tuple kWorkerReadyFields{
    field("run", &WorkerReady::run),
    field("worker", &WorkerReady::worker),
    field("pid", &WorkerReady::pid),
    customField(
        "tids", &WorkerReady::tids, [](const std::vector<int>& tids) { return OrderedJson(tids); }, tidsFromJson),
    field("cpuset", &WorkerReady::cpuset),
    optionalField("requested_cpuset", &WorkerReady::requestedCpuset, ""),
    optionalField("t_s", &WorkerReady::tSeconds, 0),
};

constexpr std::tuple kTaskDoneFields{
    field("run", &TaskDone::run),
    field("worker", &TaskDone::worker),
    field("task", &TaskDone::task),
    field("t0_s", &TaskDone::t0Seconds),
    field("t1_s", &TaskDone::t1Seconds),
    optionalField("delivery_s", &TaskDone::deliverySeconds, 0),
    optionalField("compute_s", &TaskDone::computeSeconds, 0),
};

// The fields every run_done has; the optional tail (findings, cache fit,
// command, sampling) is written and read in runDone's own order below.
constexpr std::tuple kRunDoneFields{
    field("run", &RunDone::run),
    runStatusField("status", &RunDone::status),
    field("wall_s", &RunDone::wallSeconds),
    derivedField("timed_s", &RunDone::timedSeconds),
    objectField("phases", &RunDone::phases, kPhasesFields, "run_done.phases"),
    arrayField("workers", &RunDone::workers, kWorkerStatsFields, "run_done.workers[]"),
    finiteOrNullField("gflops", &RunDone::gflops, 0),
    finiteOrNullField("gbps", &RunDone::gbps, 0),
    nanField("checksum", &RunDone::checksum),
};

} // namespace

std::string_view toString(RunStatus status) {
    switch (status) {
    case RunStatus::Ok: return "ok";
    case RunStatus::Failed: return "failed";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Timeout: return "timeout";
    }
    return "failed";
}

RunStatus runStatusFromText(const Fields& f, const char* key) {
    const std::string text = f.text(key);
    for (RunStatus s : {RunStatus::Ok, RunStatus::Failed, RunStatus::Cancelled, RunStatus::Timeout})
        if (toString(s) == text) return s;
    f.fail(key, "ok, failed, cancelled or timeout");
}

OrderedJson runStatusJson(const RunStatus& status) { return toString(status); }

OrderedJson toJson(const SweepStarted& e) {
    OrderedJson j{{"event", "sweep_started"}};
    writeFields(j, kSweepStartedFields, e);
    return j;
}

SweepStarted sweepStartedFromJson(const Json& j) {
    return readTable<SweepStarted>(j, "sweep_started", kSweepStartedFields);
}

OrderedJson toJson(const RunStarted& e) {
    OrderedJson j{{"event", "run_started"}};
    writeFields(j, kRunStartedFields, e);
    return j;
}

RunStarted runStartedFromJson(const Json& j) { return readTable<RunStarted>(j, "run_started", kRunStartedFields); }

OrderedJson toJson(const WorkerReady& e) {
    OrderedJson j{{"event", "worker_ready"}};
    writeFields(j, kWorkerReadyFields, e);
    return j;
}

WorkerReady workerReadyFromJson(const Json& j) { return readTable<WorkerReady>(j, "worker_ready", kWorkerReadyFields); }

OrderedJson toJson(const TaskDone& e) {
    OrderedJson j{{"event", "task_done"}};
    writeFields(j, kTaskDoneFields, e);
    return j;
}

TaskDone taskDoneFromJson(const Json& j) { return readTable<TaskDone>(j, "task_done", kTaskDoneFields); }

OrderedJson toOrderedJson(const Finding& x) { return tableJson(kFindingFields, x); }

Finding findingFromEventJson(const Json& j) { return readTable<Finding>(j, "finding", kFindingFields); }

bool RunDone::operator==(const RunDone& o) const {
    return run == o.run && status == o.status && sameDouble(wallSeconds, o.wallSeconds) && phases == o.phases &&
           workers == o.workers && sameDouble(gflops, o.gflops) && sameDouble(gbps, o.gbps) &&
           workingSetBytes == o.workingSetBytes && fitsIn == o.fitsIn && sameDouble(checksum, o.checksum) &&
           findings == o.findings && command == o.command && sampling == o.sampling && gauge == o.gauge;
}

OrderedJson toJson(const RunDone& e) {
    OrderedJson j{{"event", "run_done"}};
    writeFields(j, kRunDoneFields, e);
    OrderedJson findings = OrderedJson::array();
    for (const auto& x : e.findings) findings.push_back(toOrderedJson(x));
    j["findings"] = std::move(findings);
    if (!e.fitsIn.empty()) {
        j["working_set_bytes"] = e.workingSetBytes;
        j["fits_in"] = e.fitsIn;
    }
    if (e.command) j["command"] = tableJson(kCommandFields, *e.command);
    if (e.sampling) j["sampling"] = tableJson(kSamplingFields, *e.sampling);
    if (e.gauge) j["gauge"] = tableJson(kGaugeFields, *e.gauge);
    return j;
}

RunDone runDoneFromJson(const Json& j) {
    const Fields f(j, "run_done");
    RunDone e;
    readFields(f, kRunDoneFields, e);
    // Read in this order, not the written one, so a line with several bad
    // fields names the same one it always did.
    if (f.has("fits_in")) {
        e.fitsIn = f.text("fits_in");
        e.workingSetBytes = f.uint64("working_set_bytes");
    }
    if (f.has("findings"))
        for (const auto& x : f.array("findings")) e.findings.push_back(findingFromEventJson(x));
    if (f.has("command")) e.command = readTable<CommandResult>(f.any("command"), "run_done.command", kCommandFields);
    if (f.has("sampling"))
        e.sampling = readTable<SamplingStats>(f.any("sampling"), "run_done.sampling", kSamplingFields);
    if (f.has("gauge")) e.gauge = readTable<analysis::GaugeReading>(f.any("gauge"), "run_done.gauge", kGaugeFields);
    return e;
}

} // namespace oversub::events
