// Writers and readers of the events that describe a run: sweep_started,
// run_started, worker_ready, task_done, run_done (with its findings).

#include "events/event.h"
#include "events/json_fields.h"

#include <cmath>

namespace oversub::events {

namespace {

bool sameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

OrderedJson phasesJson(const Phases& p) {
    return OrderedJson{{"prepare_s", p.prepareSeconds}, {"spawn_s", p.spawnSeconds},
                       {"delivery_s", p.deliverySeconds}, {"compute_s", p.computeSeconds},
                       {"collect_s", p.collectSeconds},   {"wait_s", p.waitSeconds},
                       {"teardown_s", p.teardownSeconds}};
}

Phases phasesFromJson(const Json& j) {
    const Fields f(j, "run_done.phases");
    Phases p;
    p.prepareSeconds = f.numberOr("prepare_s", 0); // files from before prepare and wait were named
    p.spawnSeconds = f.number("spawn_s");
    p.deliverySeconds = f.number("delivery_s");
    p.computeSeconds = f.number("compute_s");
    p.collectSeconds = f.number("collect_s");
    p.waitSeconds = f.numberOr("wait_s", 0);
    p.teardownSeconds = f.numberOr("teardown_s", 0);
    return p;
}

OrderedJson workerStatsJson(const WorkerStats& w) {
    return OrderedJson{{"worker", w.worker},
                       {"pid", w.pid},
                       {"cpuset", w.cpuset},
                       {"tasks", w.tasks},
                       {"cpu_s", w.cpuSeconds},
                       {"involuntary_ctx_switches", w.involuntaryCtxSwitches},
                       {"voluntary_ctx_switches", w.voluntaryCtxSwitches},
                       {"runq_wait_s", w.runqWaitSeconds},
                       {"spawn_s", w.spawnSeconds},
                       {"delivery_s", w.deliverySeconds},
                       {"compute_s", w.computeSeconds},
                       {"collect_s", w.collectSeconds},
                       {"wait_s", w.waitSeconds}};
}

WorkerStats workerStatsFromJson(const Json& j) {
    const Fields f(j, "run_done.workers[]");
    WorkerStats w;
    w.worker = f.integer("worker");
    w.pid = f.integer("pid");
    w.cpuset = f.text("cpuset");
    w.tasks = f.int64("tasks");
    w.cpuSeconds = f.number("cpu_s");
    w.involuntaryCtxSwitches = f.uint64("involuntary_ctx_switches");
    w.voluntaryCtxSwitches = f.uint64("voluntary_ctx_switches");
    w.runqWaitSeconds = f.number("runq_wait_s");
    w.spawnSeconds = f.numberOr("spawn_s", 0);
    w.deliverySeconds = f.numberOr("delivery_s", 0);
    w.computeSeconds = f.numberOr("compute_s", 0);
    w.collectSeconds = f.numberOr("collect_s", 0);
    w.waitSeconds = f.numberOr("wait_s", 0);
    return w;
}

OrderedJson commandJson(const CommandResult& c) {
    OrderedJson env = OrderedJson::object();
    for (const auto& [name, value] : c.threadEnv) env[name] = value;
    return OrderedJson{{"argv", c.argv},
                       {"exit_status", c.exitStatus ? OrderedJson(*c.exitStatus) : OrderedJson()},
                       {"signal", c.signal},
                       {"cpu_seconds", c.cpuSeconds},
                       {"thread_env", env},
                       {"output_tail", c.outputTail}};
}

CommandResult commandFromJson(const Json& j) {
    const Fields f(j, "run_done.command");
    CommandResult c;
    for (const auto& arg : f.array("argv")) {
        if (!arg.is_string()) f.fail("argv", "an array of strings");
        c.argv.push_back(arg.get<std::string>());
    }
    if (f.has("exit_status")) c.exitStatus = f.integer("exit_status");
    c.signal = f.textOr("signal", "");
    c.cpuSeconds = f.numberOr("cpu_seconds", 0);
    const Json& env = f.any("thread_env");
    if (!env.is_null()) {
        if (!env.is_object()) f.fail("thread_env", "an object of strings");
        for (const auto& [name, value] : env.items()) {
            if (!value.is_string()) f.fail("thread_env", "an object of strings");
            c.threadEnv[name] = value.get<std::string>();
        }
    }
    c.outputTail = f.textOr("output_tail", "");
    return c;
}

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

OrderedJson toJson(const SweepStarted& e) {
    return OrderedJson{{"event", "sweep_started"},
                       {"runs_total", e.runsTotal},
                       {"points", e.points},
                       {"experiment", OrderedJson(e.experiment)},
                       {"machine", OrderedJson(e.machine)}};
}

SweepStarted sweepStartedFromJson(const Json& j) {
    const Fields f(j, "sweep_started");
    SweepStarted e;
    e.runsTotal = f.integer("runs_total");
    e.points = f.integer("points");
    e.experiment = f.any("experiment");
    e.machine = f.any("machine");
    return e;
}

OrderedJson toJson(const RunStarted& e) {
    return OrderedJson{{"event", "run_started"}, {"run", e.run},
                       {"point", e.point},       {"label", e.label},
                       {"repetition", e.repetition}, {"warmup", e.warmup},
                       {"experiment", OrderedJson(e.experiment)},
                       {"machine", OrderedJson(e.machine)}};
}

RunStarted runStartedFromJson(const Json& j) {
    const Fields f(j, "run_started");
    RunStarted e;
    e.run = f.integer("run");
    e.point = f.integerOr("point", 0);
    e.label = f.textOr("label", "");
    e.repetition = f.integerOr("repetition", 0);
    e.warmup = f.has("warmup") && f.boolean("warmup");
    e.experiment = f.any("experiment");
    if (!e.experiment.is_object()) f.fail("experiment", "an object");
    e.machine = f.any("machine");
    return e;
}

OrderedJson toJson(const WorkerReady& e) {
    return OrderedJson{{"event", "worker_ready"}, {"run", e.run},
                       {"worker", e.worker},       {"pid", e.pid},
                       {"tids", e.tids},           {"cpuset", e.cpuset},
                       {"requested_cpuset", e.requestedCpuset}, {"t_s", e.tSeconds}};
}

WorkerReady workerReadyFromJson(const Json& j) {
    const Fields f(j, "worker_ready");
    WorkerReady e;
    e.run = f.integer("run");
    e.worker = f.integer("worker");
    e.pid = f.integer("pid");
    for (const auto& tid : f.array("tids")) {
        if (!tid.is_number_integer() || tid.get<int64_t>() < 0 || tid.get<int64_t>() > 0x7fffffff)
            f.fail("tids", "an array of thread ids");
        e.tids.push_back(tid.get<int>());
    }
    e.cpuset = f.text("cpuset");
    e.requestedCpuset = f.textOr("requested_cpuset", "");
    e.tSeconds = f.numberOr("t_s", 0);
    return e;
}

OrderedJson toJson(const TaskDone& e) {
    return OrderedJson{{"event", "task_done"}, {"run", e.run},       {"worker", e.worker},
                       {"task", e.task},       {"t0_s", e.t0Seconds}, {"t1_s", e.t1Seconds},
                       {"delivery_s", e.deliverySeconds}, {"compute_s", e.computeSeconds}};
}

TaskDone taskDoneFromJson(const Json& j) {
    const Fields f(j, "task_done");
    TaskDone e;
    e.run = f.integer("run");
    e.worker = f.integer("worker");
    e.task = f.int64("task");
    e.t0Seconds = f.number("t0_s");
    e.t1Seconds = f.number("t1_s");
    e.deliverySeconds = f.numberOr("delivery_s", 0);
    e.computeSeconds = f.numberOr("compute_s", 0);
    return e;
}

OrderedJson toOrderedJson(const Finding& x) {
    return OrderedJson{{"id", x.id}, {"severity", x.severity}, {"text", x.text},
                       {"evidence", OrderedJson(x.evidence)}};
}

Finding findingFromEventJson(const Json& j) {
    const Fields f(j, "finding");
    Finding x;
    x.id = f.text("id");
    x.severity = f.text("severity");
    x.text = f.text("text");
    x.evidence = f.has("evidence") ? f.any("evidence") : Json::object();
    return x;
}

bool RunDone::operator==(const RunDone& o) const {
    return run == o.run && status == o.status && sameDouble(wallSeconds, o.wallSeconds) &&
           phases == o.phases && workers == o.workers && sameDouble(gflops, o.gflops) &&
           sameDouble(gbps, o.gbps) && workingSetBytes == o.workingSetBytes && fitsIn == o.fitsIn &&
           sameDouble(checksum, o.checksum) && findings == o.findings &&
           command == o.command && sampling == o.sampling;
}

OrderedJson toJson(const RunDone& e) {
    OrderedJson workers = OrderedJson::array();
    for (const auto& w : e.workers) workers.push_back(workerStatsJson(w));
    OrderedJson findings = OrderedJson::array();
    for (const auto& x : e.findings) findings.push_back(toOrderedJson(x));
    OrderedJson j{{"event", "run_done"},
                  {"run", e.run},
                  {"status", toString(e.status)},
                  {"wall_s", e.wallSeconds},
                  {"timed_s", e.timedSeconds()},
                  {"phases", phasesJson(e.phases)},
                  {"workers", workers},
                  {"gflops", numberOrNull(e.gflops)},
                  {"gbps", numberOrNull(e.gbps)},
                  {"checksum", numberOrNull(e.checksum)},
                  {"findings", findings}};
    if (!e.fitsIn.empty()) {
        j["working_set_bytes"] = e.workingSetBytes;
        j["fits_in"] = e.fitsIn;
    }
    if (e.command) j["command"] = commandJson(*e.command);
    if (e.sampling)
        j["sampling"] = OrderedJson{{"requested_hz", e.sampling->requestedHz},
                                    {"achieved_hz", e.sampling->achievedHz},
                                    {"longest_gap_s", e.sampling->longestGapSeconds},
                                    {"samples", e.sampling->samples}};
    return j;
}

RunDone runDoneFromJson(const Json& j) {
    const Fields f(j, "run_done");
    RunDone e;
    e.run = f.integer("run");
    e.status = runStatusFromText(f, "status");
    e.wallSeconds = f.number("wall_s");
    e.phases = phasesFromJson(f.any("phases"));
    for (const auto& w : f.array("workers")) e.workers.push_back(workerStatsFromJson(w));
    e.gflops = f.has("gflops") ? f.number("gflops") : 0;
    e.gbps = f.has("gbps") ? f.number("gbps") : 0;
    e.checksum = f.numberOrNan("checksum");
    if (f.has("fits_in")) {
        e.fitsIn = f.text("fits_in");
        e.workingSetBytes = f.uint64("working_set_bytes");
    }
    if (f.has("findings"))
        for (const auto& x : f.array("findings")) e.findings.push_back(findingFromEventJson(x));
    if (f.has("command")) e.command = commandFromJson(f.any("command"));
    if (f.has("sampling")) {
        const Fields s(f.any("sampling"), "run_done.sampling");
        e.sampling = SamplingStats{s.number("requested_hz"), s.number("achieved_hz"), s.number("longest_gap_s"),
                                   s.integer("samples")};
    }
    return e;
}

} // namespace oversub::events
