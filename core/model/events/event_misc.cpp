// Writers and readers of the stream's framing and status events: hello,
// error, progress, sweep_done, each from its field table (field_table.h).

#include "events/event.h"
#include "events/field_table.h"

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

OrderedJson kindText(const ErrorKind& kind) { return toString(kind); }

ErrorKind kindFromText(const Fields& f, const char* key) {
    const std::string kind = f.text(key);
    for (const auto& [k, name] : kErrorKindNames)
        if (name == kind) return k;
    f.fail(key, "a known error kind (worker-crashed, worker-exited, timeout, ...)");
}

// The unset values of Error's fields, written as null.
constexpr bool nonNegative(const int& value) { return value >= 0; }
constexpr bool positive(const int& value) { return value > 0; }
constexpr bool nonNegative64(const int64_t& value) { return value >= 0; }
constexpr bool notEmpty(const std::string& value) { return !value.empty(); }

constexpr std::tuple kHelloFields{
    field("schema", &Hello::schema),
    optionalField("producer", &Hello::producer, ""),
};

constexpr std::tuple kErrorFields{
    customField("kind", &Error::kind, kindText, kindFromText),
    nullableField("run", &Error::run, -1, nonNegative),
    nullableField("worker", &Error::worker, -1, nonNegative),
    nullableField("pid", &Error::pid, 0, positive),
    nullableField("signal", &Error::signal, "", notEmpty),
    nullableField("exit_status", &Error::exitStatus, -1, nonNegative),
    nullableField("task", &Error::task, -1, nonNegative64),
    field("message", &Error::message),
};

constexpr std::tuple kProgressFields{
    field("runs_done", &Progress::runsDone),
    field("runs_total", &Progress::runsTotal),
    optionalField("elapsed_s", &Progress::elapsedSeconds, 0),
    // -1 (not known yet) and NaN are written as null.
    nullableField("eta_s", &Progress::etaSeconds, -1, [](const double& eta) { return eta >= 0; }),
};

constexpr std::tuple kSweepDoneFields{
    runStatusField("status", &SweepDone::status),
    field("runs_done", &SweepDone::runsDone),
    optionalField("runs_failed", &SweepDone::runsFailed, 0),
    field("wall_s", &SweepDone::wallSeconds),
    jsonField("summary", &SweepDone::summary),
};

} // namespace

std::string_view toString(ErrorKind kind) {
    for (const auto& [k, name] : kErrorKindNames)
        if (k == kind) return name;
    return "internal";
}

OrderedJson toJson(const Hello& e) {
    OrderedJson j{{"event", "hello"}};
    writeFields(j, kHelloFields, e);
    return j;
}

// By hand: the producer is read first, so a mismatch can name it.
Hello helloFromJson(const Json& j) {
    const Fields f(j, "hello");
    Hello e;
    e.producer = f.textOr("producer", "");
    e.schema = f.integer("schema");
    if (e.schema != kSchemaVersion) throw SchemaMismatchError(e.schema, kSchemaVersion, e.producer);
    return e;
}

OrderedJson toJson(const Error& e) {
    OrderedJson j{{"event", "error"}};
    writeFields(j, kErrorFields, e);
    return j;
}

Error errorFromJson(const Json& j) { return readTable<Error>(j, "error", kErrorFields); }

OrderedJson toJson(const Progress& e) {
    OrderedJson j{{"event", "progress"}};
    writeFields(j, kProgressFields, e);
    return j;
}

Progress progressFromJson(const Json& j) { return readTable<Progress>(j, "progress", kProgressFields); }

OrderedJson toJson(const SweepDone& e) {
    OrderedJson j{{"event", "sweep_done"}};
    writeFields(j, kSweepDoneFields, e);
    return j;
}

SweepDone sweepDoneFromJson(const Json& j) { return readTable<SweepDone>(j, "sweep_done", kSweepDoneFields); }

} // namespace oversub::events
