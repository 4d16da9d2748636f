#include "engine/process_list_source.h"

#include "engine/engine_path.h"
#include "engine/engine_target.h"
#include "util/json_limits.h"

#include <QProcess>

#include <stdexcept>

namespace oversub::ui {

std::vector<sampler::ProcessListEntry> processesFromEngine() {
    const QString local = resolveEnginePath();
    if (local.isEmpty() && !remoteEngine()) throw std::runtime_error(engineNotFoundMessage().toStdString());
    // The processes of the machine the engine runs on: over ssh for a remote one.
    const QString engine = remoteEngine() ? remoteEngine()->describe() : local;
    const EngineCommand command = engineCommand(local, {QStringLiteral("processes"), QStringLiteral("--json")});
    QProcess process;
    process.start(command.program, command.arguments);
    if (!process.waitForFinished(kProcessListTimeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        throw std::runtime_error(QObject::tr("%1 processes did not answer within %2 s")
                                     .arg(engine)
                                     .arg(kProcessListTimeoutMs / 1000)
                                     .toStdString());
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        throw std::runtime_error(QObject::tr("%1 processes failed: %2")
                                     .arg(engine, QString::fromUtf8(process.readAllStandardError()).trimmed())
                                     .toStdString());
    const QByteArray out = process.readAllStandardOutput();
    try {
        return events::processListFromJson(
            parseJsonLimited(std::string_view(out.constData(), out.size()), "the engine's process list"));
    } catch (const std::exception& e) {
        throw std::runtime_error(
            QObject::tr("could not read the engine's process list: %1").arg(QString::fromUtf8(e.what())).toStdString());
    }
}

} // namespace oversub::ui
