#pragma once
// Runs and sweeps from the window: Run (F5), Sweep (F6) and Cancel (Esc),
// the engine invocation behind them (RunSession), the status bar's progress
// and elapsed time, and what the user is told while it goes and when it
// ends (a crashed worker named with its signal, the engine's own end). The
// window decides what may start (panel valid, real machine) and where the
// results go; this part owns the invocation and its clock.

#include "engine/exit_message.h"
#include "events/event_kinds.h"
#include "experiment/experiment.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QAction;
class QLabel;
class QProgressBar;

namespace oversub::ui {

class LiveView;
class RunSession;
class RunStore;

// run_started's experiment runs a program of the user's (a --command run):
// its processes are named from the samples, not told apart by index.
bool isCommandExperiment(const nlohmann::json& experiment);

// "Worker 1 (pid 42) was killed by SIGSEGV during task 3." for a crash or
// an exit, followed by what the engine's message adds to that (its restated
// "worker 1 (pid 42) killed by ..." is left out); the engine's message as it
// is for any other error.
QString describeWorkerError(const events::Error& error);

class RunController : public QObject {
    Q_OBJECT
public:
    RunController(RunStore* store, LiveView* live, QObject* parent = nullptr);

    RunSession* session() const { return session_; }
    QAction* runAction() const { return runAction_; }
    QAction* sweepAction() const { return sweepAction_; }
    QAction* cancelAction() const { return cancelAction_; }
    // Status-bar widgets the window places.
    QProgressBar* progressBar() const { return progress_; }
    QLabel* elapsedLabel() const { return elapsed_; }

    // What may start now; an empty reason means allowed. Cancel is enabled
    // while something runs, whatever the reasons say.
    void setStartable(const QString& whyNoRun, const QString& whyNoSweep);

    bool startRun(const Experiment& experiment);
    bool startSweep(const Experiment& experiment);
    // A teaching preset by name, so the engine checks its claims.
    bool startPreset(const QString& name, const Experiment& experiment);
    void cancel();
    bool isRunning() const;
    bool lastWasSweep() const; // the current or last invocation was a sweep

signals:
    void aboutToStart(); // stop whatever else samples the machine
    void statusChanged(const QString& text);
    void problem(const QString& text); // one line for the error banner
    void runStarted(const oversub::events::RunStarted& event);
    void runStored(int storeIndex);
    void sweepFinished(const oversub::events::SweepDone& done);
    void finished(bool ok); // after every invocation, ok or not

private:
    void begin(const QString& status);
    void onEnded(const EngineEnd& end);
    void updateActions();
    void updateElapsed();

    RunStore* store_;
    RunSession* session_;
    QAction* runAction_;
    QAction* sweepAction_;
    QAction* cancelAction_;
    QProgressBar* progress_;
    QLabel* elapsed_;
    QElapsedTimer clock_;
    QTimer elapsedTimer_;
    QString whyNoRun_, whyNoSweep_;
    // The worker's error the banner shows, if any: the engine's exit status
    // would only say it again, and the last line of its stderr, which the
    // exit message quotes, may be any line of its report (a finding).
    QString workerProblem_;
};

} // namespace oversub::ui
