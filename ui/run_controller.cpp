#include "run_controller.h"

#include "engine/run_session.h"
#include "live_view.h"
#include "models/run_store.h"

#include <QAction>
#include <QKeySequence>
#include <QLabel>
#include <QProgressBar>

namespace oversub::ui {
namespace {

QAction* makeAction(const QString& text, const char* objectName, const QKeySequence& key, QObject* parent) {
    auto* action = new QAction(text, parent);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(key);
    return action;
}

} // namespace

bool isCommandExperiment(const nlohmann::json& experiment) {
    return experiment.is_object() && experiment.contains("command") && experiment["command"].is_string() &&
           !experiment["command"].get<std::string>().empty();
}

QString describeWorkerError(const events::Error& error) {
    QString text = QString::fromStdString(error.message);
    if (error.kind != events::ErrorKind::WorkerCrashed && error.kind != events::ErrorKind::WorkerExited) return text;
    // Always name the worker and the signal, whatever the message says.
    const QString who =
        error.worker >= 0 ? RunController::tr("Worker %1").arg(error.worker) : RunController::tr("A worker");
    const QString pid = error.pid > 0 ? RunController::tr(" (pid %1)").arg(error.pid) : QString();
    const QString how = !error.signal.empty()
                            ? RunController::tr("was killed by %1").arg(QString::fromStdString(error.signal))
                            : RunController::tr("exited with status %1").arg(error.exitStatus);
    const QString task = error.task >= 0 ? RunController::tr(" during task %1").arg(error.task) : QString();
    QString named = RunController::tr("%1%2 %3%4.").arg(who, pid, how, task);
    // The engine's message says the same ("worker 1 (pid 42) killed by SIGSEGV
    // during task 3"), then perhaps more after ": ": only the more is added.
    const QString restated = QStringLiteral("worker %1 (pid %2) ").arg(error.worker).arg(error.pid);
    if (error.worker >= 0 && text.startsWith(restated, Qt::CaseInsensitive)) {
        const auto colon = text.indexOf(QStringLiteral(": "), restated.size());
        text = colon >= 0 ? text.mid(colon + 2) : QString();
    }
    if (!text.isEmpty()) named += QLatin1Char(' ') + text;
    return named;
}

RunController::RunController(RunStore* store, LiveView* live, QObject* parent)
    : QObject(parent), store_(store), session_(new RunSession(store, this)),
      runAction_(makeAction(tr("&Run"), "runAction", Qt::Key_F5, this)),
      sweepAction_(makeAction(tr("&Sweep workers x threads"), "sweepAction", Qt::Key_F6, this)),
      cancelAction_(makeAction(tr("&Cancel"), "cancelAction", Qt::Key_Escape, this)), progress_(new QProgressBar),
      elapsed_(new QLabel) {
    progress_->setObjectName(QStringLiteral("runProgress"));
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(260);
    progress_->setTextVisible(true);
    progress_->setVisible(false);
    elapsed_->setObjectName(QStringLiteral("elapsed"));
    elapsedTimer_.setInterval(200);
    connect(&elapsedTimer_, &QTimer::timeout, this, &RunController::updateElapsed);
    connect(cancelAction_, &QAction::triggered, this, &RunController::cancel);

    connect(session_, &RunSession::progressed, this, [this](double fraction, const QString& text) {
        progress_->setValue(static_cast<int>(fraction * 1000));
        progress_->setFormat(text);
    });
    connect(session_, &RunSession::sample, live, &LiveView::showRunSample);
    connect(session_, &RunSession::workerReady, live, &LiveView::showWorkerReady);
    connect(session_, &RunSession::runStarted, this, [this, live](const events::RunStarted& e) {
        // Built-in workers are told apart by index; a command's processes by name.
        live->startRun(isCommandExperiment(e.experiment));
        emit statusChanged(e.label.empty() ? tr("Running...")
                                           : tr("Running %1...").arg(QString::fromStdString(e.label)));
        emit runStarted(e);
    });
    connect(session_, &RunSession::workerError, this, [this](const events::Error& error) {
        workerProblem_ = describeWorkerError(error);
        emit problem(workerProblem_);
    });
    connect(session_, &RunSession::runStored, this, [this, live](int index) {
        live->showRunDone(store_->runs().at(static_cast<size_t>(index)).record.done);
        emit runStored(index);
    });
    connect(session_, &RunSession::sweepFinished, this, &RunController::sweepFinished);
    connect(session_, &RunSession::ended, this, [this, live](const EngineEnd& end) {
        live->finish();
        onEnded(end);
    });
    updateActions();
}

bool RunController::isRunning() const { return session_->isRunning(); }
bool RunController::lastWasSweep() const { return session_->kind() == RunSession::Kind::Sweep; }

void RunController::setStartable(const QString& whyNoRun, const QString& whyNoSweep) {
    whyNoRun_ = whyNoRun;
    whyNoSweep_ = whyNoSweep;
    updateActions();
}

void RunController::begin(const QString& status) {
    workerProblem_.clear();
    emit aboutToStart();
    clock_.start();
    elapsedTimer_.start();
    progress_->setValue(0);
    progress_->setVisible(true);
    emit statusChanged(status);
}

bool RunController::startRun(const Experiment& experiment) {
    if (isRunning() || !whyNoRun_.isEmpty()) return false;
    begin(tr("Starting the engine..."));
    const bool started = session_->start(RunSession::Kind::Run, experiment);
    updateActions();
    return started;
}

bool RunController::startSweep(const Experiment& experiment) {
    if (isRunning() || !whyNoSweep_.isEmpty()) return false;
    begin(tr("Starting the sweep..."));
    const bool started = session_->start(RunSession::Kind::Sweep, experiment);
    updateActions();
    return started;
}

bool RunController::startPreset(const QString& name, const Experiment& experiment) {
    if (isRunning() || !whyNoSweep_.isEmpty()) return false;
    begin(tr("Starting the sweep..."));
    const bool started = session_->startPreset(name, experiment);
    updateActions();
    return started;
}

void RunController::cancel() {
    if (!isRunning()) return;
    emit statusChanged(tr("Cancelling..."));
    session_->cancel();
}

void RunController::onEnded(const EngineEnd& end) {
    elapsedTimer_.stop();
    updateElapsed();
    progress_->setVisible(false);
    if (end.ok) {
        const int runs = static_cast<int>(store_->runs().size());
        emit statusChanged(runs == 1 ? tr("Done: 1 run in the table") : tr("Done: %1 runs in the table").arg(runs));
    } else if (end.cancelled) {
        emit statusChanged(tr("Cancelled"));
    } else {
        // A worker's error, if any, is in the banner and says why; an engine
        // that ended for another reason says so there.
        if (!workerProblem_.isEmpty()) {
            emit statusChanged(tr("Failed: %1").arg(workerProblem_));
        } else {
            const QString text = tr("The engine stopped: %1").arg(end.message);
            emit problem(text);
            emit statusChanged(text);
        }
    }
    updateActions();
    emit finished(end.ok);
}

void RunController::updateActions() {
    const bool running = isRunning();
    runAction_->setEnabled(!running && whyNoRun_.isEmpty());
    sweepAction_->setEnabled(!running && whyNoSweep_.isEmpty());
    cancelAction_->setEnabled(running);
    runAction_->setToolTip(whyNoRun_.isEmpty() ? tr("Run the experiment (F5)") : whyNoRun_);
    runAction_->setStatusTip(runAction_->toolTip());
    sweepAction_->setToolTip(whyNoSweep_.isEmpty() ? tr("Sweep workers x threads (F6)") : whyNoSweep_);
}

void RunController::updateElapsed() {
    if (!clock_.isValid()) return;
    elapsed_->setText(tr("elapsed %1 s").arg(clock_.elapsed() / 1000.0, 0, 'f', 1));
}

} // namespace oversub::ui
