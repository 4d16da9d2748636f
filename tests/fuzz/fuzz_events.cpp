// libFuzzer target for the event-stream parser (events/event_reader.h,
// events/event.h). The bytes are fed to an EventReader in two chunks split at
// a point derived from the input, and every line is also given to parseEventLine.
// EventParseError (and its SchemaMismatchError) are the only expected
// refusals. Every accepted event must read back from its own line unchanged:
// toJsonLine(parseEventLine(toJsonLine(e))) == toJsonLine(e).

#include "events/event.h"
#include "events/event_reader.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

void checkRoundTrip(const oversub::events::Event& event) {
    using namespace oversub::events;
    const std::string line = toJsonLine(event);
    if (line.find('\n') != std::string::npos) {
        std::fprintf(stderr, "toJsonLine wrote a newline:\n%s\n", line.c_str());
        std::abort();
    }
    std::string again;
    try {
        again = toJsonLine(parseEventLine(line));
    } catch (const EventParseError& error) {
        std::fprintf(stderr, "round trip refused its own line: %s\n%s\n", error.what(), line.c_str());
        std::abort();
    }
    if (again != line) {
        std::fprintf(stderr, "round trip changed the event:\n%s\n%s\n", line.c_str(), again.c_str());
        std::abort();
    }
}

// Pulls every event the reader can give, skipping bad lines as a viewer would.
void drain(oversub::events::EventReader& reader, bool atEnd) {
    using namespace oversub::events;
    for (;;) {
        try {
            std::optional<Event> event = atEnd ? reader.finish() : reader.next();
            if (!event) return;
            checkRoundTrip(*event);
        } catch (const EventParseError&) {
            // A bad line is consumed; the reader continues after it.
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace oversub::events;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // The split point comes from the bytes themselves, so seeds stay plain
    // event lines and every input is still cut somewhere different.
    const size_t mix = size == 0 ? 0 : size * 2654435761u + data[size / 2] * 40503u;
    const size_t cut = mix % (size + 1);

    // Sometimes a small line limit, so the long-line path is reachable too.
    EventReader reader(size % 3 == 0 ? 512 : EventReader::kDefaultMaxLineBytes);
    reader.feed(bytes.substr(0, cut));
    drain(reader, false);
    reader.feed(bytes.substr(cut));
    drain(reader, false);
    drain(reader, true);

    size_t lineStart = 0;
    while (lineStart <= bytes.size()) {
        size_t lineEnd = bytes.find('\n', lineStart);
        if (lineEnd == std::string_view::npos) lineEnd = bytes.size();
        try {
            checkRoundTrip(parseEventLine(bytes.substr(lineStart, lineEnd - lineStart)));
        } catch (const EventParseError&) {
            // Bad lines are refused by contract.
        }
        lineStart = lineEnd + 1;
    }
    return 0;
}
