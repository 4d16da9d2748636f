#pragma once
// Turns bytes as they arrive (from a pipe, a file or QProcess, cut anywhere)
// into whole events. Partial lines wait for the rest; a bad line is reported
// with its line number and skipped, so one garbled line does not end a stream.

#include "events/event.h"
#include "util/json_limits.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace oversub::events {

class EventReader {
public:
    // A line longer than one JSON document may be is refused (its bytes are
    // dropped up to the next newline).
    static constexpr size_t kDefaultMaxLineBytes = kMaxJsonBytes;

    explicit EventReader(size_t maxLineBytes = kDefaultMaxLineBytes);

    // Appends bytes; no parsing happens here.
    void feed(std::string_view bytes);

    // The next whole event, or nullopt when no whole line is buffered.
    // Blank lines are skipped. A bad line throws EventParseError (message
    // starting "line N: ") and is consumed: calling next() again continues.
    std::optional<Event> next();

    // At end of input: parses a last line that had no newline (or throws).
    std::optional<Event> finish();

    size_t lineNumber() const { return lineNumber_; } // lines consumed so far
    bool hasPartialLine() const { return start_ < buffer_.size(); }

private:
    std::optional<Event> parseNumbered(std::string_view line);
    void compact();

    std::string buffer_;
    size_t start_ = 0; // first byte not yet consumed
    size_t scanned_ = 0; // bytes from start_ already known to hold no newline
    size_t maxLineBytes_;
    size_t lineNumber_ = 0;
    bool skippingLongLine_ = false;
};

} // namespace oversub::events
