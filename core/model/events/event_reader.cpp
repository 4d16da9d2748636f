// Line reassembly for the event stream (see event_reader.h).

#include "events/event_reader.h"

namespace oversub::events {

EventReader::EventReader(size_t maxLineBytes) : maxLineBytes_(maxLineBytes) {}

void EventReader::feed(std::string_view bytes) { buffer_.append(bytes.data(), bytes.size()); }

void EventReader::compact() {
    // Drop consumed bytes once they dominate, so feeding byte by byte stays linear.
    if (start_ > 4096 && start_ * 2 > buffer_.size()) {
        buffer_.erase(0, start_);
        start_ = 0;
    }
}

std::optional<Event> EventReader::parseNumbered(std::string_view line) {
    ++lineNumber_;
    try {
        return parseEventLine(line);
    } catch (const SchemaMismatchError&) {
        throw; // its message is complete as it is
    } catch (const EventParseError& e) {
        throw EventParseError("line " + std::to_string(lineNumber_) + ": " + e.what());
    }
}

std::optional<Event> EventReader::next() {
    while (true) {
        const size_t newline = buffer_.find('\n', start_ + scanned_);
        if (newline == std::string::npos) {
            scanned_ = buffer_.size() - start_;
            if (skippingLongLine_) { // still inside a refused line: keep nothing
                buffer_.clear();
                start_ = scanned_ = 0;
                return std::nullopt;
            }
            if (scanned_ > maxLineBytes_) {
                // Too long to be an event: drop what we have and the rest of the line.
                skippingLongLine_ = true;
                buffer_.clear();
                start_ = scanned_ = 0;
                ++lineNumber_;
                throw EventParseError("line " + std::to_string(lineNumber_) + ": longer than " +
                                      std::to_string(maxLineBytes_) + " bytes, skipped");
            }
            return std::nullopt;
        }
        const std::string_view line(buffer_.data() + start_, newline - start_);
        start_ = newline + 1;
        scanned_ = 0;
        if (skippingLongLine_) { // the tail of a refused line
            skippingLongLine_ = false;
            compact();
            continue;
        }
        const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
        if (blank) {
            ++lineNumber_;
            compact();
            continue;
        }
        const std::string copy(line); // compact() may move the buffer
        compact();
        return parseNumbered(copy);
    }
}

std::optional<Event> EventReader::finish() {
    if (auto event = next()) return event;
    if (!hasPartialLine() || skippingLongLine_) return std::nullopt;
    const std::string rest = buffer_.substr(start_);
    buffer_.clear();
    start_ = scanned_ = 0;
    if (rest.find_first_not_of(" \t\r") == std::string::npos) return std::nullopt;
    return parseNumbered(rest);
}

} // namespace oversub::events
