#pragma once
// Turns how the engine ended (exit status from core/util/exit_code.h, or a
// signal) plus the tail of its stderr into one sentence for the window.

#include <QProcess>
#include <QString>

namespace oversub::ui {

struct EngineEnd {
    bool ok = false; // exit status 0
    bool cancelled = false; // stopped on request (cancel, or the window asked it to stop)
    QString message; // empty when ok
    // The remote engine's ssh connection failed or was lost (ssh's own 255),
    // not stopped on request: worth trying again (machine_feed.h reconnects).
    bool connectionLost = false;
};

// `stderrText`: what the engine printed on stderr (its last line names the problem).
EngineEnd describeEngineEnd(int exitCode, QProcess::ExitStatus status, bool stopRequested, const QString& stderrText);

} // namespace oversub::ui
