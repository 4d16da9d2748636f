#pragma once
// Every run or sweep the window starts is recorded: the engine's event
// stream, as it arrives, goes to recordings/run-<yyyyMMdd-HHmmss-zzz>.jsonl
// in the window's data folder (beside its journals), so any run of the
// table can be replayed later (oversub --replay). The newest kKeptRecordings
// are kept, and of those only as many as fit in kKeptRecordingBytes (a
// 512-PU machine sampled at 10 Hz records ~0.75 MB/s); older ones are
// removed when a new one starts.

#include <QString>
#include <QtGlobal>

namespace oversub::ui {

inline constexpr int kKeptRecordings = 50;
inline constexpr qint64 kKeptRecordingBytes = qint64{1} << 30;

// `dataDirectory`/recordings, created if missing; empty when it cannot be.
QString recordingsDirectory(const QString& dataDirectory);
// A new file name in `directory` (not created), unique to the millisecond.
QString newRecordingPath(const QString& directory);
// Removes all but the newest `keep` recordings in `directory`, and the
// older ones beyond `keepBytes` in all.
void pruneRecordings(const QString& directory, int keep = kKeptRecordings, qint64 keepBytes = kKeptRecordingBytes);

} // namespace oversub::ui
