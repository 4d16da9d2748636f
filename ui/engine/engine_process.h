#pragma once
// Owns one oversub-cli child process (like hotspot's PerfParser owns
// hotspot-perfparser): starts it, turns its stdout into typed events (through
// EventDecoder and core's event parser) or one JSON document, keeps its
// stderr for error messages, maps its exit status to a sentence, and stops it
// on request: SIGTERM, then SIGKILL one second later. A crashed or killed
// engine always ends in finished(), never in a hang.

#include "engine/event_decoder.h"
#include "engine/exit_message.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace oversub::ui {

// How long a stopped engine has to tear its run down before the window
// SIGKILLs it. The engine's own cancel (SIGTERM: kill the workers' process
// group, reap them) took 1.5-1.8 s with 2,048 busy workers on 2 vCPUs
// (bench/RESULTS.md, "Faults and scale"); a SIGKILL before it finishes
// would leave the reaping to init and skip the run's last events.
inline constexpr int kEngineStopGraceMs = 5000;

class EngineProcess : public QObject {
    Q_OBJECT
public:
    enum class Output {
        Events, // JSON lines on stdout, one event each (run, sweep, watch)
        Document, // one JSON document on stdout (topology, place)
    };

    explicit EngineProcess(QObject* parent = nullptr);
    ~EngineProcess() override; // a running engine is killed and reaped

    // Starts `<engine> arguments...`, killing one still running from an
    // earlier start (its output is dropped). Returns false (and emits
    // finished with a message) when no engine is found.
    // `input`, when given, is written to the engine's stdin, which is then
    // closed (an experiment for `--experiment /dev/stdin`: no file to leave
    // behind when the window is killed).
    bool start(const QStringList& arguments, Output output, const QByteArray& input = {});
    // Asks the engine to stop (SIGTERM), kills it after `killAfterMs`.
    void stop(int killAfterMs = kEngineStopGraceMs);
    bool isRunning() const;

    // Copies the engine's stdout, as it arrives, to `path` (truncated first),
    // for the next start only; empty: no copy. A file that cannot be written
    // is given up silently: the run goes on without a recording.
    void setRecordingFile(const QString& path) { recordingPath_ = path; }

    QString enginePath() const { return enginePath_; }
    QStringList arguments() const { return arguments_; }
    QString stderrText() const { return QString::fromLocal8Bit(stderr_); }
    // The decoder emitting typed events (Events mode); connect to its signals.
    EventDecoder& events() { return decoder_; }

signals:
    void documentReady(const QByteArray& json); // Document mode, exit status 0 only
    void finished(const oversub::ui::EngineEnd& end);

private:
    void onReadyStdout();
    void closeRecording();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void finish(const EngineEnd& end);
    void retire();

    QProcess* process_ = nullptr;
    EventDecoder decoder_;
    QTimer killTimer_;
    Output output_ = Output::Events;
    QString enginePath_;
    QStringList arguments_;
    QByteArray document_;
    QByteArray stderr_;
    QString recordingPath_; // for the next start
    std::unique_ptr<QFile> recording_; // the current start's copy of stdout
    bool stopRequested_ = false;
    bool finishedEmitted_ = true;
};

} // namespace oversub::ui
