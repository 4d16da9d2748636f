#pragma once
// One event of the stream as a variant, and the one writer and parser of a
// JSON line. The stream is text: one JSON object per line, "event" naming the
// kind, the first line a hello carrying the schema version.

#include "events/event_kinds.h"
#include "events/event_watch.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace oversub::events {

using Event = std::variant<Hello, SweepStarted, RunStarted, WorkerReady, Sample, TaskDone, RunDone, Error, Progress,
                           SweepDone, WatchDone, NodeInfo>;

// "hello", "run_started", ... : the value of the "event" key.
std::string_view eventName(const Event& event);

// A line that is not a valid event: bad JSON, not an object, unknown kind,
// a missing field or one of the wrong type. The message says which.
class EventParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The hello line announces a schema this build cannot read.
class SchemaMismatchError : public EventParseError {
public:
    SchemaMismatchError(int found, int supported, const std::string& producer);
    int found() const { return found_; }
    int supported() const { return supported_; }

private:
    int found_, supported_;
};

// One line of JSON, no newline inside and none at the end. Strings that are
// not valid UTF-8 are written with U+FFFD in place of the bad bytes.
std::string toJsonLine(const Event& event);

// Parses one line (a trailing "\r" or "\n" is ignored). Throws EventParseError
// (or SchemaMismatchError) and nothing else, whatever the bytes.
Event parseEventLine(std::string_view line);

} // namespace oversub::events
