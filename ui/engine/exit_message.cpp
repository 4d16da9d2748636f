#include "engine/exit_message.h"

#include "engine/engine_target.h"
#include "util/exit_code.h"

#include <QCoreApplication>
#include <QStringList>

namespace oversub::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("oversub", text); }

// The engine's last error line ("oversub-cli: run 0: worker 0 ... killed by
// SIGSEGV"), not its notes; its summary and findings follow it on stderr, so
// the last line is only what is said when the engine said no such line.
QString errorLine(const QString& text) {
    static const QString prefix = QStringLiteral("oversub-cli: ");
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (it->startsWith(prefix) && !it->startsWith(prefix + QStringLiteral("note:")))
            return it->mid(prefix.size()).trimmed();
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

QString meaningOf(int exitCode) {
    switch (static_cast<ExitCode>(exitCode)) {
    case ExitCode::Ok: return {};
    case ExitCode::RunFailed: return tr("the run failed");
    case ExitCode::BadInput: return tr("the engine rejected the input");
    case ExitCode::WorkerCrashed: return tr("a worker crashed");
    case ExitCode::TimedOut: return tr("the run overran its timeout");
    case ExitCode::Cancelled: return tr("the run was cancelled");
    case ExitCode::OutOfMemory: return tr("the run would not fit in memory");
    case ExitCode::IoError: return tr("an output file could not be written");
    }
    return tr("the engine exited with status %1").arg(exitCode);
}

} // namespace

EngineEnd describeEngineEnd(int exitCode, QProcess::ExitStatus status, bool stopRequested, const QString& stderrText) {
    EngineEnd end;
    const QString detail = errorLine(stderrText);
    if (status == QProcess::CrashExit) {
        end.cancelled = stopRequested;
        end.message = stopRequested ? tr("stopped") : tr("the engine crashed or was killed");
    } else if (exitCode == 0) {
        end.ok = true;
        return end;
    } else if (const auto& remote = remoteEngine(); remote && exitCode == kSshFailedStatus) {
        // ssh's own failure (its message is its last line): no engine said anything.
        end.cancelled = stopRequested;
        end.connectionLost = !stopRequested;
        end.message =
            stopRequested ? tr("stopped") : tr("the connection to %1 failed or was lost (ssh)").arg(remote->describe());
    } else if (remote && exitCode == kCommandNotFoundStatus) {
        end.message = tr("%1 has no engine at '%2' (give its path there with --remote-engine PATH)")
                          .arg(remote->describe(), remote->enginePath);
    } else {
        end.cancelled = stopRequested || static_cast<ExitCode>(exitCode) == ExitCode::Cancelled;
        end.message = meaningOf(exitCode);
    }
    if (!detail.isEmpty()) end.message += QStringLiteral(": ") + detail;
    return end;
}

} // namespace oversub::ui
