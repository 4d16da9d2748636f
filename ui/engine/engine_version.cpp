#include "engine/engine_version.h"

#include "engine/engine_path.h"

#include <QProcess>

namespace oversub::ui {

QString engineVersionText(int timeoutMs) {
    const QString path = resolveEnginePath();
    if (path.isEmpty()) return QStringLiteral("engine: not found (%1)").arg(engineNotFoundMessage());
    QProcess engine;
    engine.start(path, {QStringLiteral("--version")});
    QString why;
    if (!engine.waitForStarted(timeoutMs)) why = engine.errorString();
    else if (!engine.waitForFinished(timeoutMs)) why = QStringLiteral("no answer in %1 ms").arg(timeoutMs);
    else if (engine.exitStatus() != QProcess::NormalExit) why = QStringLiteral("it crashed");
    else if (engine.exitCode() != 0) why = QStringLiteral("exit status %1").arg(engine.exitCode());
    if (!why.isEmpty()) {
        engine.kill(); // a hung engine is not left behind
        engine.waitForFinished(1000);
        return QStringLiteral("engine: %1 did not answer --version (%2)").arg(path, why);
    }
    return QStringLiteral("engine: %1\n%2").arg(path, QString::fromLocal8Bit(engine.readAllStandardOutput()).trimmed());
}

} // namespace oversub::ui
