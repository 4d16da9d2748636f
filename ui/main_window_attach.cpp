// The window's side of attaching (attach_controller.h does the work), the
// processes of command runs (live worker rows, the Command tab of a run's
// details), and the consent asked before an experiment file may run a program.
#include "main_window.h"

#include "attach_controller.h"
#include "live_view.h"

#include "experiment/file_trust.h"

#include "engine/machine_feed.h"
#include "engine/run_session.h"
#include "error_banner.h"
#include "models/findings_model.h"
#include "models/worker_table_model.h"
#include "run_details_view.h"

#include <QAction>
#include <QLabel>
#include <QTabWidget>
#include <QToolBar>

namespace oversub::ui {

void MainWindow::buildAttachAndCommand() {
    connect(attach_, &AttachController::starting, this, [this] {
        machine_->stopWatching();
        banner_->clear();
        findingsModel_->clear();
    });
    connect(attach_, &AttachController::statusChanged, statusText_, &QLabel::setText);
    connect(attach_, &AttachController::findingsReady, this, [this](const std::vector<events::Finding>& findings) {
        findingsModel_->setFindings(findings, {});
        warnAboutNarrowedAffinity(findings);
    });
    connect(attach_, &AttachController::ended, this, [this](const QString& text, bool failed) {
        if (isRunning()) return; // detached for a run: the run owns the view now
        live_->finish();
        if (failed) showProblem(text);
        else statusText_->setText(text);
        resumeLiveView();
    });

    runDetails_ = new RunDetailsView;
    runDetails_->setObjectName(QStringLiteral("runDetails"));
    detailTabs_->addTab(runDetails_, tr("Command"));

    // A command run's processes appear in the worker table as the engine
    // discovers them; the run's own table replaces them when it is stored.
    connect(session_, &RunSession::runStarted, this, [this](const events::RunStarted& e) {
        liveProcesses_.clear();
    });
    connect(session_, &RunSession::workerReady, this, &MainWindow::noteLiveProcess);
    if (auto* toolbar = findChild<QToolBar*>(QStringLiteral("runToolbar"))) {
        toolbar->addSeparator();
        toolbar->addAction(attach_->attachAction());
        toolbar->addAction(attach_->detachAction());
    }
    updateActions();
}

bool MainWindow::attachToPid(int pid) { return attach_->attachToPid(pid); }
void MainWindow::detach() { attach_->detach(); }
bool MainWindow::isAttached() const { return attach_->isAttached(); }
int MainWindow::attachedPid() const { return attach_->attachedPid(); }
QAction* MainWindow::attachAction() const { return attach_->attachAction(); }
QAction* MainWindow::detachAction() const { return attach_->detachAction(); }
void MainWindow::setAttachProcessSource(std::function<std::vector<sampler::ProcessListEntry>()> source) {
    attach_->setProcessSource(std::move(source));
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
