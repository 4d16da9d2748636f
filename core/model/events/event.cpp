// The one writer and parser of an event line. Whatever the bytes, parsing
// either returns an Event or throws EventParseError: nlohmann's exceptions,
// absurd nesting and wrong types are all turned into that one error.

#include "events/event.h"

#include "events/json_fields.h"
#include "events/sample_line.h"
#include "util/input_error.h"
#include "util/json_limits.h"

namespace oversub::events {

namespace {

std::string preview(std::string_view line) {
    std::string out;
    for (char c : line.substr(0, 60)) out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
    if (line.size() > 60) out += "...";
    return out;
}

template <typename T>
Event as(T&& value) {
    return Event(std::forward<T>(value));
}

Event fromObject(const Json& j) {
    if (!j.is_object()) throw EventParseError("event line is not a JSON object");
    auto it = j.find("event");
    if (it == j.end() || !it->is_string()) throw EventParseError("event line has no \"event\" name");
    const std::string& name = it->get_ref<const std::string&>();
    if (name == "hello") return as(helloFromJson(j));
    if (name == "sweep_started") return as(sweepStartedFromJson(j));
    if (name == "run_started") return as(runStartedFromJson(j));
    if (name == "worker_ready") return as(workerReadyFromJson(j));
    if (name == "sample") return as(sampleFromJson(j));
    if (name == "task_done") return as(taskDoneFromJson(j));
    if (name == "run_done") return as(runDoneFromJson(j));
    if (name == "error") return as(errorFromJson(j));
    if (name == "progress") return as(progressFromJson(j));
    if (name == "sweep_done") return as(sweepDoneFromJson(j));
    if (name == "watch_done") return as(watchDoneFromJson(j));
    if (name == "node") return as(nodeInfoFromJson(j));
    throw EventParseError("unknown event \"" + preview(name) + "\"");
}

} // namespace

SchemaMismatchError::SchemaMismatchError(int found, int supported, const std::string& producer)
    : EventParseError("event stream schema " + std::to_string(found) +
                      (producer.empty() ? std::string() : " (from " + producer + ")") +
                      " cannot be read: this build reads schema " + std::to_string(supported) +
                      "; use oversub and oversub-cli of the same version"),
      found_(found), supported_(supported) {}

std::string_view eventName(const Event& event) {
    static constexpr std::string_view names[] = {"hello",    "sweep_started", "run_started", "worker_ready",
                                                 "sample",   "task_done",     "run_done",    "error",
                                                 "progress", "sweep_done",    "watch_done",  "node"};
    static_assert(std::size(names) == std::variant_size_v<Event>);
    return names[event.index()];
}

std::string toJsonLine(const Event& event) {
    if (const auto* sample = std::get_if<Sample>(&event)) {
        // Most lines of a stream: written without a JSON tree (sample_line.h).
        std::string line;
        writeSampleLine(*sample, line);
        return line;
    }
    const OrderedJson j = std::visit([](const auto& e) { return toJson(e); }, event);
    // Compact dump never emits a raw newline; bad UTF-8 becomes U+FFFD
    // instead of an exception in the middle of a run.
    return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

Event parseEventLine(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) throw EventParseError("empty event line");
    Json j;
    try {
        // An event line may carry an experiment as deep as an experiment
        // file may be, plus the record around it (util/json_limits.h).
        j = parseJsonLimited(line, "event line", kMaxRecordDepth);
    } catch (const InputError& e) {
        throw EventParseError(std::string(e.what()) + ": " + preview(line));
    }
    try {
        return fromObject(j);
    } catch (const EventParseError&) {
        throw;
    } catch (const Json::exception& e) { // a reader missed a check: still a parse error
        throw EventParseError(std::string("event line has a field of the wrong type: ") + e.what());
    } catch (const std::exception& e) {
        throw EventParseError(std::string("event line could not be read: ") + e.what());
    }
}

} // namespace oversub::events
