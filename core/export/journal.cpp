// Journal: append-only JSON lines with fsync at each finished run, and the
// reader that rebuilds Results from whatever a crash left behind.

#include "export/journal.h"

#include "events/event_reader.h"
#include "util/input_error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oversub {

namespace {

std::runtime_error ioError(const std::string& what, const std::string& path, int err) {
    return std::runtime_error("cannot " + what + " journal " + path + ": " + std::strerror(err));
}

// Makes the file's directory entry durable too: a new journal must not vanish
// with a power cut even though its lines were fsync'd.
void syncParentDirectory(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) parent = ".";
    const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return; // best effort: the lines themselves are still fsync'd
    ::fsync(dir);
    ::close(dir);
}

} // namespace

Journal::Journal(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw ioError("open", path, errno);
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
    syncParentDirectory(path);
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
    size_t written = 0;
    while (written < line.size()) {
        const ssize_t put = ::write(fd_, line.data() + written, line.size() - written);
        if (put < 0) {
            if (errno == EINTR) continue;
            throw ioError("write", path_, errno);
        }
        written += static_cast<size_t>(put);
    }
}

void Journal::sync() {
    if (::fsync(fd_) != 0) throw ioError("fsync", path_, errno);
}

namespace {

std::string readJournalBytes(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw InputError("journal", path + ": is a directory, not a journal file");
    if (!std::filesystem::exists(path, ec)) throw InputError("journal", path + ": no such file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("journal", path + ": cannot be opened for reading");
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw InputError("journal", path + ": cannot be read");
    return bytes.str();
}

// Every event of the file in order; bad lines counted and skipped, a last
// line without newline that does not parse counted as torn.
std::vector<events::Event> parseJournal(const std::string& path, const std::string& bytes,
                                        JournalRecovery& recovery) {
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
