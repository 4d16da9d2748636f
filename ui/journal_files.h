#pragma once
// The window's journals: every run/sweep invocation the window starts gets its
// own journal file in the application data directory
// (journal-<yyyyMMdd-HHmmss-zzz>.jsonl), which the engine appends each
// finished run to (`--journal FILE`, fsync'd before the window sees the run).
// A lock file beside it, held by the window while the journal is open, tells
// a journal that a crash left behind (its holder is gone) from one another
// window is still writing. Ending the invocation normally removes both.

#include <QString>
#include <QStringList>

#include <memory>

class QLockFile;

namespace oversub::ui {

// QStandardPaths::AppDataLocation, created if missing; empty when it cannot be.
QString journalDirectory();

class SessionJournal {
public:
    // Creates no file yet: the engine creates the journal when it starts.
    // Holds the lock until complete() or destruction. `path()` is empty when
    // the directory or the lock could not be made (runs go on without one).
    explicit SessionJournal(const QString& directory);
    ~SessionJournal(); // a clean end of the window: complete()
    SessionJournal(const SessionJournal&) = delete;
    SessionJournal& operator=(const SessionJournal&) = delete;

    QString path() const { return path_; }
    // Removes the journal and its lock: the invocation ended normally.
    void complete();

private:
    QString path_;
    std::unique_ptr<QLockFile> lock_;
};

// Journals in `directory` whose lock is not held by a live process, oldest
// first (by name, which is the start time).
QStringList leftBehindJournals(const QString& directory);

// Removes a journal and its (stale) lock file.
void removeJournal(const QString& path);

} // namespace oversub::ui
