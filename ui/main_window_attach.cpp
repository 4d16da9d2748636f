// Following a program that already runs (Run > Attach to process...), the
// processes of command runs (live worker rows, names in the core view, the
// Command tab of a run's details), and the consent asked before an
// experiment file may run a program.
#include "main_window.h"

#include "experiment/file_trust.h"

#include "attach_dialog.h"
#include "coreview/core_view.h"
#include "engine/attach_session.h"
#include "engine/machine_feed.h"
#include "engine/run_session.h"
#include "error_banner.h"
#include "gauge_label.h"
#include "models/findings_model.h"
#include "models/worker_table_model.h"
#include "panel/knob_panel.h"
#include "run_details_view.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QTabWidget>
#include <QToolBar>

namespace oversub::ui {

void MainWindow::buildAttachAndCommand() {
    attach_ = new AttachSession(this);
    connect(attach_, &AttachSession::sample, this, &MainWindow::onAttachSample);
    connect(attach_, &AttachSession::treeChanged, this, [this] { updateAttachStatus(); });
    connect(attach_, &AttachSession::watchDone, this, &MainWindow::onAttachWatchDone);
    connect(attach_, &AttachSession::ended, this, &MainWindow::onAttachEnded);

    runDetails_ = new RunDetailsView;
    runDetails_->setObjectName(QStringLiteral("runDetails"));
    detailTabs_->addTab(runDetails_, tr("Command"));

    // A command run's processes appear in the worker table as the engine
    // discovers them; the run's own table replaces them when it is stored.
    connect(session_, &RunSession::runStarted, this, [this](const events::RunStarted& e) {
        liveProcesses_.clear();
        coreView_->clearThreads();
        liveRunIsCommand_ = e.experiment.is_object() && e.experiment.contains("command") &&
                            e.experiment["command"].is_string() && !e.experiment["command"].get<std::string>().empty();
    });
    connect(session_, &RunSession::workerReady, this, &MainWindow::noteLiveProcess);
    if (auto* toolbar = findChild<QToolBar*>(QStringLiteral("runToolbar"))) {
        toolbar->addSeparator();
        toolbar->addAction(attachAction_);
        toolbar->addAction(detachAction_);
    }
    updateAttachActions();
}

void MainWindow::addAttachActions(QMenu* runMenu) {
    runMenu->addSeparator();
    attachAction_ = runMenu->addAction(tr("&Attach to process..."), this, &MainWindow::showAttachDialog);
    attachAction_->setObjectName(QStringLiteral("attachAction"));
    attachAction_->setShortcut(QKeySequence(QStringLiteral("Ctrl+T")));
    attachAction_->setToolTip(tr("Watch a running program and every process it starts, thread by thread (Ctrl+T)"));
    detachAction_ = runMenu->addAction(tr("&Detach"), this, &MainWindow::detach);
    detachAction_->setObjectName(QStringLiteral("detachAction"));
    // Esc is also Cancel; the two are never enabled together.
    detachAction_->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(QStringLiteral("Ctrl+Shift+T"))});
    detachAction_->setToolTip(tr("Stop watching the attached program; it keeps running (Esc)"));
}

void MainWindow::updateAttachActions() {
    if (!attachAction_) return;
    const bool whatIf = !options_.synthetic.isEmpty();
    attachAction_->setEnabled(!isRunning() && !whatIf);
    detachAction_->setEnabled(isAttached());
}

bool MainWindow::isAttached() const { return attach_ && attach_->isAttached(); }

void MainWindow::showAttachDialog() {
    if (isRunning() || !options_.synthetic.isEmpty()) return;
    AttachDialog dialog(this, attachProcessSource_);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedPid() <= 0) return;
    attachToPid(dialog.selectedPid());
}

bool MainWindow::attachToPid(int pid) {
    if (isRunning() || pid <= 0 || !options_.synthetic.isEmpty()) return false;
    // A pid that is not running is the engine's to report (its watch ends
    // with the reason); its name arrives with the first sample.
    machine_->stopWatching();
    banner_->clear();
    findingsModel_->clear();
    coreView_->clearThreads();
    coreView_->setAllowedPus({});
    attachedPid_ = pid;
    attachedName_.clear();
    gauge_->start();
    const bool started = attach_->attach(pid, panel_->isValid() ? panel_->experiment().rateHz : 10);
    updateAttachStatus();
    updateAttachActions();
    return started;
}

void MainWindow::detach() {
    if (!isAttached()) return;
    statusText_->setText(tr("Detaching from pid %1...").arg(attachedPid_));
    attach_->detach();
}

void MainWindow::onAttachSample(const events::Sample& sample) {
    // The engine names each process of the tree once, in the sample that
    // first shows it (the window never reads /proc).
    if (!sample.newProcesses.empty()) {
        showProcessNames(sample.newProcesses);
        for (const auto& process : sample.newProcesses)
            if (process.pid == attachedPid_) attachedName_ = QString::fromStdString(process.name);
    }
    onSnapshot(-1, sample.snapshot);
    if (sample.gauge) gauge_->showReading(*sample.gauge);
}

void MainWindow::showProcessNames(const std::vector<events::ProcessName>& processes) {
    std::map<int, QString> names;
    for (const auto& process : processes) names[process.pid] = QString::fromStdString(process.name);
    coreView_->setProcessNames(names);
}

void MainWindow::updateAttachStatus() {
    if (!isAttached()) return;
    const int processes = attach_->processCount(), threads = attach_->threadCount();
    const QString who = attachedName_.isEmpty() ? tr("pid %1").arg(attachedPid_)
                                                : tr("pid %1 (%2)").arg(attachedPid_).arg(attachedName_);
    statusText_->setText(processes == 0 ? tr("Attached to %1: waiting for the first sample... (Esc detaches)").arg(who)
                                        : tr("Attached to %1: %2 %3, %4 %5 (Esc detaches)")
                                              .arg(who)
                                              .arg(processes)
                                              .arg(processes == 1 ? tr("process") : tr("processes"))
                                              .arg(threads)
                                              .arg(threads == 1 ? tr("thread") : tr("threads")));
}

void MainWindow::onAttachEnded(const EngineEnd& end, bool detachRequested) {
    const QString who = attachedName_.isEmpty() ? tr("pid %1").arg(attachedPid_)
                                                : tr("pid %1 (%2)").arg(attachedPid_).arg(attachedName_);
    updateAttachActions();
    if (isRunning()) return; // detached for a run: the run owns the view now
    coreView_->clearThreads();
    gauge_->finish();
    if (detachRequested) statusText_->setText(tr("Detached from %1").arg(who));
    else if (end.ok) statusText_->setText(tr("%1 and its child processes have exited").arg(who));
    else showProblem(tr("Watching %1 stopped: %2").arg(who, end.message));
    resumeLiveView();
}

void MainWindow::onAttachWatchDone(const events::WatchDone& done) {
    // The findings list shows what the engine found about the tree; a tree
    // narrowed to fewer PUs than its threads wanted (the Pool on one core)
    // also goes to the banner, fix included, as it does for a run.
    findingsModel_->setFindings(done.findings, {});
    warnAboutNarrowedAffinity(done.findings);
}

void MainWindow::noteLiveProcess(const events::WorkerReady& ready) {
    events::WorkerStats row;
    row.worker = ready.worker;
    row.pid = ready.pid;
    row.cpuset = ready.cpuset;
    liveProcesses_.push_back(row);
    workerModel_->setWorkers(liveProcesses_);
}

QString MainWindow::consentToCommandOf(Experiment& experiment, const QString& path) {
    // Every program the file would run (core's list: its command and a swept command axis).
    QStringList commands;
    for (const auto& command : commandsOf(experiment)) commands << QString::fromStdString(command);
    if (commands.isEmpty()) return {};
    const QString shown = commands.join(QLatin1Char('\n'));
    if (consentAsker_(this, shown, path)) return {};
    experiment.command.clear();
    std::erase_if(experiment.sweep.axes, [](const SweepAxis& axis) { return axis.knob == "command"; });
    return tr("The experiment's command was not allowed and has been cleared: %1").arg(commands.join(QStringLiteral(" | ")));
}

void MainWindow::setCommandConsentAsker(CommandConsentAsker asker) {
    consentAsker_ = asker ? std::move(asker) : CommandConsentAsker(askCommandConsentInDialog);
}

} // namespace oversub::ui
