// Runs and sweeps through the engine, cancel, the crash banner, the status
// bar's progress and elapsed time, and the automation flags
// (--run --screenshot --quit-after-run).
#include "main_window.h"

#include "attach_controller.h"

#include "live_view.h"

#include "charts/chart_export.h"
#include "engine/machine_feed.h"
#include "engine/run_session.h"
#include "error_banner.h"
#include "gauge_label.h"
#include "models/run_store.h"
#include "panel/knob_panel.h"

#include <QAction>
#include <QCoreApplication>
#include <QLabel>
#include <QProgressBar>

#include <cstdio>

namespace oversub::ui {

bool MainWindow::isRunning() const { return session_->isRunning(); }

// What the window does before any engine start: stop watching, clear, start the clocks.
void MainWindow::prepareEngineStart(const QString& status) {
    detach();
    machine_->stopWatching();
    banner_->clear();
    runClock_.start();
    elapsedTimer_.start();
    progress_->setValue(0);
    progress_->setVisible(true);
    statusText_->setText(status);
}

bool MainWindow::startRun() {
    if (isRunning() || !panel_->isValid() || !options_.synthetic.isEmpty()) return false;
    prepareEngineStart(tr("Starting the engine..."));
    const bool started = session_->start(RunSession::Kind::Run, panel_->experiment());
    updateActions();
    return started;
}

bool MainWindow::startSweep() {
    if (isRunning() || !panel_->isSweepValid() || !options_.synthetic.isEmpty()) return false;
    prepareEngineStart(tr("Starting the sweep..."));
    // An unchanged preset runs by name, so the engine checks its claims.
    const bool started = panelHoldsPreset() ? session_->startPreset(presetName_, presetExperiment_)
                                            : session_->start(RunSession::Kind::Sweep, panel_->sweepExperiment());
    updateActions();
    return started;
}

void MainWindow::cancelRun() {
    if (!isRunning()) return;
    statusText_->setText(tr("Cancelling..."));
    session_->cancel();
}

void MainWindow::onWorkerError(const events::Error& error) {
    QString text = QString::fromStdString(error.message);
    if (error.kind == events::ErrorKind::WorkerCrashed || error.kind == events::ErrorKind::WorkerExited) {
        // Always name the worker and the signal, whatever the message says.
        const QString who = error.worker >= 0 ? tr("Worker %1").arg(error.worker) : tr("A worker");
        const QString pid = error.pid > 0 ? tr(" (pid %1)").arg(error.pid) : QString();
        const QString how = !error.signal.empty()
                                ? tr("was killed by %1").arg(QString::fromStdString(error.signal))
                                : tr("exited with status %1").arg(error.exitStatus);
        const QString task = error.task >= 0 ? tr(" during task %1").arg(error.task) : QString();
        text = tr("%1%2 %3%4.").arg(who, pid, how, task);
        if (!error.message.empty()) text += QLatin1Char(' ') + QString::fromStdString(error.message);
    }
    banner_->showMessage(text);
}

void MainWindow::warnIfAffinityNarrowed(int storeIndex) {
    const auto& runs = store_->runs();
    if (storeIndex < 0 || storeIndex >= static_cast<int>(runs.size())) return;
    warnAboutNarrowedAffinity(runs[storeIndex].record.done.findings);
}

void MainWindow::warnAboutNarrowedAffinity(const std::vector<events::Finding>& findings) {
    for (const auto& finding : findings) {
        if (finding.id != analysis::kAffinityNarrowed) continue;
        // The finding already names the PUs reachable and the fix; a sweep
        // repeats it per run, the banner says it once.
        const QString text = tr("Affinity narrowed: %1").arg(QString::fromStdString(finding.text));
        const QString before = banner_->message();
        if (before.contains(text)) return;
        banner_->showMessage(before.isEmpty() ? text : before + QLatin1Char('\n') + text);
        return;
    }
}

void MainWindow::onSessionEnded(const EngineEnd& end) {
    elapsedTimer_.stop();
    updateElapsed();
    progress_->setVisible(false);
    live_->finish();
    if (end.ok) {
        const int runs = static_cast<int>(store_->runs().size());
        statusText_->setText(runs == 1 ? tr("Done: 1 run in the table") : tr("Done: %1 runs in the table").arg(runs));
    } else if (end.cancelled) {
        statusText_->setText(tr("Cancelled"));
    } else {
        // The worker banner, if any, stays; the engine's own end is added.
        const QString before = banner_->message();
        const QString text = tr("The engine stopped: %1").arg(end.message);
        banner_->showMessage(before.isEmpty() ? text : before + QLatin1Char('\n') + text);
        statusText_->setText(text);
    }
    updateActions();
    resumeLiveView();
    emit runFinished(end.ok);
    if (automationPending_ && (options_.run || options_.sweep)) finishAutomation(end.ok);
}

void MainWindow::updateActions() {
    const bool running = isRunning();
    const bool whatIf = !options_.synthetic.isEmpty();
    runAction_->setEnabled(!running && !whatIf && panel_->isValid());
    sweepAction_->setEnabled(!running && !whatIf && panel_->isSweepValid());
    cancelAction_->setEnabled(running);
    attach_->setAttachAllowed(!running && !whatIf);
    panel_->setEnabled(!running);
    QString why;
    if (whatIf) why = tr("a what-if machine only previews placement");
    else if (!panel_->isValid()) why = tr("fix first: %1").arg(panel_->problem());
    runAction_->setToolTip(why.isEmpty() ? tr("Run the experiment (F5)") : why);
    runAction_->setStatusTip(runAction_->toolTip());
    sweepAction_->setToolTip(panel_->isSweepValid() ? tr("Sweep workers x threads (F6)")
                                                    : tr("fix first: %1").arg(panel_->sweepProblem()));
    if (!running && !panel_->isValid() && !whatIf) statusText_->setText(tr("Run is disabled: %1").arg(panel_->problem()));
}

void MainWindow::updateElapsed() {
    if (!runClock_.isValid()) return;
    elapsedText_->setText(tr("elapsed %1 s").arg(runClock_.elapsed() / 1000.0, 0, 'f', 1));
}

void MainWindow::runAutomation() {
    if (options_.run || options_.sweep) {
        if (!(options_.sweep ? startSweep() : startRun())) {
            std::fprintf(stderr, "oversub: cannot run: %s\n",
                         qPrintable(!panel_->isValid() ? panel_->problem()
                                    : options_.sweep && !panel_->isSweepValid() ? panel_->sweepProblem()
                                                                              : banner_->message()));
            finishAutomation(false);
        }
        return;
    }
    // Screenshot without a run: once the machine (and the preview, or a few
    // live samples) is on screen.
    auto shoot = [this] { QTimer::singleShot(options_.synthetic.isEmpty() ? 1500 : 800, this, [this] { finishAutomation(true); }); };
    if (hasTopology_) shoot();
    else connect(this, &MainWindow::topologyShown, this, shoot, Qt::SingleShotConnection);
}

void MainWindow::finishAutomation(bool ok) {
    if (!automationPending_) return;
    automationPending_ = false;
    int status = ok ? 0 : 1;
    if (!options_.screenshotPath.isEmpty()) {
        QCoreApplication::processEvents();
        if (!exportWindowPng(options_.screenshotPath)) status = 1;
    }
    if (!ok) std::fprintf(stderr, "oversub: %s\n", qPrintable(statusText_->text()));
    emit automationDone(status);
    if (options_.quitAfterRun) QCoreApplication::exit(status);
}

} // namespace oversub::ui
