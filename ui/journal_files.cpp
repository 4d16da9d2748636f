#include "journal_files.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QStandardPaths>

namespace oversub::ui {
namespace {
const QString kPrefix = QStringLiteral("journal-");
const QString kSuffix = QStringLiteral(".jsonl");

QString lockPathOf(const QString& journal) { return journal + QStringLiteral(".lock"); }

// Only a dead holder makes a lock stale: a sweep may run for hours.
std::unique_ptr<QLockFile> makeLock(const QString& journal) {
    auto lock = std::make_unique<QLockFile>(lockPathOf(journal));
    lock->setStaleLockTime(0);
    return lock;
}
} // namespace

QString journalDirectory() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty() || !QDir().mkpath(dir)) return {};
    return dir;
}

SessionJournal::SessionJournal(const QString& directory) {
    if (directory.isEmpty() || !QDir().mkpath(directory)) return;
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    QString candidate = QDir(directory).filePath(kPrefix + stamp + kSuffix);
    // Two invocations in one millisecond (or two windows): a numbered name.
    for (int n = 2; QFile::exists(candidate) || QFile::exists(lockPathOf(candidate)); ++n)
        candidate = QDir(directory).filePath(kPrefix + stamp + QStringLiteral("-%1").arg(n) + kSuffix);
    auto lock = makeLock(candidate);
    if (!lock->tryLock(0)) return;
    lock_ = std::move(lock);
    path_ = candidate;
}

SessionJournal::~SessionJournal() { complete(); }

void SessionJournal::complete() {
    if (path_.isEmpty()) return;
    QFile::remove(path_);
    lock_.reset(); // unlocks and removes the lock file
    path_.clear();
}

QStringList leftBehindJournals(const QString& directory) {
    QStringList out;
    if (directory.isEmpty()) return out;
    const QDir dir(directory);
    const QStringList names =
        dir.entryList({kPrefix + QStringLiteral("*") + kSuffix}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString& name : names) {
        const QString path = dir.filePath(name);
        auto lock = makeLock(path);
        // Takes over a stale lock (its process is gone); fails while a live window holds it.
        if (!lock->tryLock(0)) continue;
        lock->unlock();
        out << path;
    }
    return out;
}

void removeJournal(const QString& path) {
    QFile::remove(path);
    QFile::remove(lockPathOf(path));
}

} // namespace oversub::ui
