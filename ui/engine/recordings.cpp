#include "engine/recordings.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
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

void pruneRecordings(const QString& directory, int keep, qint64 keepBytes) {
    if (directory.isEmpty()) return;
    // The names sort by time: newest first with Reversed.
    const QDir dir(directory);
    const QStringList names = dir.entryList({QStringLiteral("run-*.jsonl")}, QDir::Files, QDir::Name | QDir::Reversed);
    qint64 bytes = 0;
    for (int i = 0; i < names.size(); ++i) {
        const QString path = dir.filePath(names[i]);
        bytes += QFileInfo(path).size();
        if (i >= keep || bytes > keepBytes) QFile::remove(path);
    }
}

} // namespace oversub::ui
