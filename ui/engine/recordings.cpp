#include "engine/recordings.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace oversub::ui {

QString recordingsDirectory(const QString& dataDirectory) {
    if (dataDirectory.isEmpty()) return {};
    const QString path = QDir(dataDirectory).filePath(QStringLiteral("recordings"));
    return QDir().mkpath(path) ? path : QString();
}

QString newRecordingPath(const QString& directory) {
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    QString path = QDir(directory).filePath(QStringLiteral("run-%1.jsonl").arg(stamp));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = QDir(directory).filePath(QStringLiteral("run-%1-%2.jsonl").arg(stamp).arg(n));
    return path;
}

void pruneRecordings(const QString& directory, int keep) {
    if (directory.isEmpty()) return;
    // The names sort by time: the oldest come first.
    QStringList names = QDir(directory).entryList({QStringLiteral("run-*.jsonl")}, QDir::Files, QDir::Name);
    for (int i = 0; i + keep < names.size(); ++i) QFile::remove(QDir(directory).filePath(names[i]));
}

} // namespace oversub::ui
