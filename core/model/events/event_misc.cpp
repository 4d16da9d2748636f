// Writers and readers of the stream's framing and status events: hello,
// error, progress, sweep_done.

#include "events/event.h"
#include "events/json_fields.h"

#include <array>

namespace oversub::events {

namespace {

constexpr std::array<std::pair<ErrorKind, std::string_view>, 9> kErrorKindNames{{
    {ErrorKind::WorkerCrashed, "worker-crashed"},
    {ErrorKind::WorkerExited, "worker-exited"},
    {ErrorKind::Timeout, "timeout"},
    {ErrorKind::Cancelled, "cancelled"},
    {ErrorKind::BadInput, "bad-input"},
    {ErrorKind::Io, "io"},
    {ErrorKind::OutOfMemory, "out-of-memory"},
    {ErrorKind::CommandFailed, "command-failed"},
    {ErrorKind::Internal, "internal"},
}};

template <typename T> OrderedJson orNull(bool present, const T& value) {
    return present ? OrderedJson(value) : OrderedJson(nullptr);
}

} // namespace

std::string_view toString(ErrorKind kind) {
    for (const auto& [k, name] : kErrorKindNames)
        if (k == kind) return name;
    return "internal";
}

OrderedJson toJson(const Hello& e) {
    return OrderedJson{{"event", "hello"}, {"schema", e.schema}, {"producer", e.producer}};
}

Hello helloFromJson(const Json& j) {
    const Fields f(j, "hello");
    Hello e;
    e.producer = f.textOr("producer", "");
    e.schema = f.integer("schema");
    if (e.schema != kSchemaVersion) throw SchemaMismatchError(e.schema, kSchemaVersion, e.producer);
    return e;
}

OrderedJson toJson(const Error& e) {
    return OrderedJson{{"event", "error"},
                       {"kind", toString(e.kind)},
                       {"run", orNull(e.run >= 0, e.run)},
                       {"worker", orNull(e.worker >= 0, e.worker)},
                       {"pid", orNull(e.pid > 0, e.pid)},
                       {"signal", orNull(!e.signal.empty(), e.signal)},
                       {"exit_status", orNull(e.exitStatus >= 0, e.exitStatus)},
                       {"task", orNull(e.task >= 0, e.task)},
                       {"message", e.message}};
}

Error errorFromJson(const Json& j) {
    const Fields f(j, "error");
    Error e;
    const std::string kind = f.text("kind");
    bool known = false;
    for (const auto& [k, name] : kErrorKindNames)
        if (name == kind) {
            e.kind = k;
            known = true;
        }
    if (!known) f.fail("kind", "a known error kind (worker-crashed, worker-exited, timeout, ...)");
    e.run = f.integerOr("run", -1);
    e.worker = f.integerOr("worker", -1);
    e.pid = f.integerOr("pid", 0);
    e.signal = f.textOr("signal", "");
    e.exitStatus = f.integerOr("exit_status", -1);
    e.task = f.int64Or("task", -1);
    e.message = f.text("message");
    return e;
}

OrderedJson toJson(const Progress& e) {
    return OrderedJson{{"event", "progress"},
                       {"runs_done", e.runsDone},
                       {"runs_total", e.runsTotal},
                       {"elapsed_s", e.elapsedSeconds},
                       {"eta_s", orNull(e.etaSeconds >= 0, e.etaSeconds)}};
}

Progress progressFromJson(const Json& j) {
    const Fields f(j, "progress");
    Progress e;
    e.runsDone = f.integer("runs_done");
    e.runsTotal = f.integer("runs_total");
    e.elapsedSeconds = f.numberOr("elapsed_s", 0);
    e.etaSeconds = f.numberOr("eta_s", -1);
    return e;
}

OrderedJson toJson(const SweepDone& e) {
    return OrderedJson{{"event", "sweep_done"},
                       {"status", toString(e.status)},
                       {"runs_done", e.runsDone},
                       {"runs_failed", e.runsFailed},
                       {"wall_s", e.wallSeconds},
                       {"summary", OrderedJson(e.summary)}};
}

SweepDone sweepDoneFromJson(const Json& j) {
    const Fields f(j, "sweep_done");
    SweepDone e;
    e.status = runStatusFromText(f, "status");
    e.runsDone = f.integer("runs_done");
    e.runsFailed = f.integerOr("runs_failed", 0);
    e.wallSeconds = f.number("wall_s");
    e.summary = f.any("summary");
    return e;
}

} // namespace oversub::events
