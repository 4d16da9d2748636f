#pragma once
// The experiment's journal: the events needed to rebuild its Results
// (hello, sweep_started, run_started, error, run_done, sweep_done), one JSON
// line each, appended as they happen. Each line goes out in a single write()
// and every run_done is fsync'd before the caller shows it, so after a crash
// of the engine, the window or the machine the runs already reported can be
// recovered. A crash in the middle of a write leaves at most one torn last
// line, which recovery ignores.

#include "events/event.h"
#include "export/results.h"

#include <functional>
#include <string>

namespace oversub {

class Journal {
public:
    // Makes the journal's written lines durable: called with the journal's
    // descriptor where a record must reach the disk; returns 0, or -1 with
    // errno set (as fsync(2) does). Empty means fsync. Tests pass their own
    // to count the syncs and to see what else was written by then.
    using SyncFile = std::function<int(int fd)>;

    // Opens (creating, never truncating) `path` for appending; a torn last
    // line left by a crash is ended with '\n' first. Throws
    // std::runtime_error naming the path and the errno text.
    explicit Journal(const std::string& path, SyncFile syncFile = {});
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Appends the event when the journal keeps its kind (see keeps()); after a
    // run_done or sweep_done the file is fsync'd, which also makes the lines
    // before it durable. Throws std::runtime_error naming the path.
    void append(const events::Event& event);

    // Samples, task_done, worker_ready and progress are not needed to rebuild
    // Results and would only make the journal large.
    static bool keeps(const events::Event& event);

    const std::string& path() const { return path_; }

private:
    void writeLine(const std::string& line);
    void sync();

    std::string path_;
    SyncFile syncFile_;
    int fd_ = -1;
};

// What a journal holds, read back after a crash (or a clean finish).
struct JournalRecovery {
    Results results; // the completed runs (those with run_done) of the last session
    int runsCompleted = 0; // == results.runs.size()
    int runsIncomplete = 0; // run_started without run_done: the run the crash interrupted
    int runsPlanned = 0; // runs announced by sweep_started (0 when unknown)
    bool finished = false; // sweep_done was written: the invocation ended normally
    bool tornLastLine = false; // the last line had no newline and did not parse (a crash mid-write)
    int badLines = 0; // other lines that were not events, skipped
    int earlierSessions = 0; // sessions before the last one in the same file (ignored)
};

// Reads the journal at `path`. The file may hold several sessions (each
// starting with hello); the last one is recovered. Throws InputError naming
// the path when it cannot be read or holds no event at all, or when its
// schema is one this build cannot read.
JournalRecovery readJournal(const std::string& path);

// readJournal(path).results.
Results recoverJournal(const std::string& path);

} // namespace oversub
