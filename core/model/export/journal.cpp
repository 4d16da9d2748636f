// Journal: append-only JSON lines with fsync at each finished run, and the
// reader that rebuilds Results from whatever a crash left behind.

#include "export/journal.h"

#include "events/event_reader.h"
#include "util/fd_io.h"
#include "util/input_error.h"
#include "util/json_limits.h"
#include "util/output_file.h"

#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oversub {

namespace {

OutputError ioError(const std::string& what, const std::string& path, int err) {
    return OutputError(outputProblem("journal", path, "cannot " + what + " (" + std::strerror(err) + ")"));
}

} // namespace

Journal::Journal(const std::string& path, SyncFile syncFile) : path_(path), syncFile_(std::move(syncFile)) {
    // Never through a link, only a regular file (output_file.h): a journal
    // path planted in /tmp must not make a root run append to another file.
    fd_ = openInPlace("journal", path, O_RDWR | O_APPEND);
    // A journal reused after a crash may end in a torn line: end it, so this
    // invocation's first line is not glued to it and lost with it.
    struct stat st {};
    char last = '\n';
    if (::fstat(fd_, &st) == 0 && st.st_size > 0 && ::pread(fd_, &last, 1, st.st_size - 1) == 1 && last != '\n') {
        try {
            writeLine("\n");
        } catch (...) {
            ::close(fd_);
            throw;
        }
    }
    syncDirectoryOf(path); // a new journal must not vanish with a power cut
}

Journal::~Journal() {
    if (fd_ >= 0) ::close(fd_);
}

bool Journal::keeps(const events::Event& event) {
    return std::holds_alternative<events::Hello>(event) || std::holds_alternative<events::SweepStarted>(event) ||
           std::holds_alternative<events::RunStarted>(event) || std::holds_alternative<events::Error>(event) ||
           std::holds_alternative<events::RunDone>(event) || std::holds_alternative<events::SweepDone>(event);
}

void Journal::append(const events::Event& event) {
    if (!keeps(event)) return;
    writeLine(events::toJsonLine(event) + '\n');
    if (std::holds_alternative<events::RunDone>(event) || std::holds_alternative<events::SweepDone>(event)) sync();
}

void Journal::writeLine(const std::string& line) {
    // One write() of the whole line: with O_APPEND a crash leaves the line
    // whole or cut at its end, never interleaved. A short write (disk full,
    // a signal) continues where it stopped so the line still ends in '\n'.
    if (!writeAll(fd_, line)) throw ioError("write", path_, errno);
}

void Journal::sync() {
    const int result = syncFile_ ? syncFile_(fd_) : ::fsync(fd_);
    if (result != 0) throw ioError("fsync", path_, errno);
}

namespace {

// A directory, a device (/dev/zero never ends) or a file larger than any
// sweep writes is refused before its bytes are read.
std::string readJournalBytes(const std::string& path) {
    try {
        return readFileLimited(path, kMaxRecordFileBytes, "a journal");
    } catch (const InputError& e) {
        throw InputError("journal", e.what());
    }
}

// Every event of the file in order; bad lines counted and skipped, a last
// line without newline that does not parse counted as torn.
std::vector<events::Event> parseJournal(const std::string& path, const std::string& bytes, JournalRecovery& recovery) {
    events::EventReader reader;
    reader.feed(bytes);
    std::vector<events::Event> all;
    for (;;) {
        try {
            auto event = reader.next();
            if (!event) break;
            all.push_back(std::move(*event));
        } catch (const events::SchemaMismatchError& e) {
            throw InputError("journal", path + ": " + e.what());
        } catch (const events::EventParseError&) {
            ++recovery.badLines;
        }
    }
    if (reader.hasPartialLine()) {
        try {
            if (auto last = reader.finish()) all.push_back(std::move(*last));
        } catch (const events::EventParseError&) {
            recovery.tornLastLine = true;
        }
    }
    return all;
}

} // namespace

JournalRecovery readJournal(const std::string& path) {
    JournalRecovery recovery;
    const std::vector<events::Event> all = parseJournal(path, readJournalBytes(path), recovery);
    if (all.empty())
        throw InputError("journal", path + ": holds no event (not a journal written by oversub-cli --journal)");

    // Each invocation starts with hello; an appended-to journal holds several.
    size_t sessionStart = 0;
    for (size_t i = 0; i < all.size(); ++i)
        if (std::holds_alternative<events::Hello>(all[i]) && i > 0) {
            ++recovery.earlierSessions; // a hello after other events ends the session before it
            sessionStart = i;
        }

    ResultsCollector collector;
    std::set<int> open;
    try {
        for (size_t i = sessionStart; i < all.size(); ++i) {
            const auto& event = all[i];
            if (const auto* s = std::get_if<events::SweepStarted>(&event)) recovery.runsPlanned = s->runsTotal;
            if (const auto* r = std::get_if<events::RunStarted>(&event)) open.insert(r->run);
            if (const auto* d = std::get_if<events::RunDone>(&event)) open.erase(d->run);
            if (std::holds_alternative<events::SweepDone>(event)) recovery.finished = true;
            collector.add(event);
        }
    } catch (const InputError& e) {
        throw InputError("journal", path + ": " + e.what());
    }
    recovery.results = collector.results();
    recovery.runsCompleted = static_cast<int>(recovery.results.runs.size());
    recovery.runsIncomplete = static_cast<int>(open.size());
    return recovery;
}

Results recoverJournal(const std::string& path) { return readJournal(path).results; }

} // namespace oversub
