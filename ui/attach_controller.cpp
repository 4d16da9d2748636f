#include "attach_controller.h"

#include "engine/attach_session.h"
#include "live_view.h"

#include <QAction>
#include <QKeySequence>
#include <QWidget>

namespace oversub::ui {

AttachController::AttachController(LiveView* live, std::function<double()> rateHz, QWidget* dialogParent)
    : QObject(dialogParent), live_(live), rateHz_(std::move(rateHz)), dialogParent_(dialogParent),
      session_(new AttachSession(this)) {
    attachAction_ = new QAction(tr("&Attach to process..."), this);
    attachAction_->setObjectName(QStringLiteral("attachAction"));
    attachAction_->setShortcut(QKeySequence(QStringLiteral("Ctrl+T")));
    attachAction_->setToolTip(tr("Watch a running program and every process it starts, thread by thread (Ctrl+T)"));
    connect(attachAction_, &QAction::triggered, this, &AttachController::showDialog);
    detachAction_ = new QAction(tr("&Detach"), this);
    detachAction_->setObjectName(QStringLiteral("detachAction"));
    detachAction_->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(QStringLiteral("Ctrl+Shift+T"))});
    detachAction_->setToolTip(tr("Stop watching the attached program; it keeps running (Esc)"));
    connect(detachAction_, &QAction::triggered, this, &AttachController::detach);

    connect(session_, &AttachSession::sample, this, &AttachController::onSample);
    connect(session_, &AttachSession::treeChanged, this, &AttachController::updateStatus);
    // A tree narrowed to fewer PUs than its threads wanted (the Pool on one
    // core) is among the findings, fix included, as it is for a run.
    connect(session_, &AttachSession::watchDone, this,
            [this](const events::WatchDone& done) { emit findingsReady(done.findings); });
    connect(session_, &AttachSession::ended, this, &AttachController::onEnded);
    updateActions();
}

void AttachController::setAttachAllowed(bool allowed) {
    allowed_ = allowed;
    updateActions();
}

bool AttachController::isAttached() const { return session_->isAttached(); }

void AttachController::showDialog() {
    if (!allowed_) return;
    AttachDialog dialog(dialogParent_, processSource_);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedPid() <= 0) return;
    attachToPid(dialog.selectedPid());
}

bool AttachController::attachToPid(int pid) {
    if (!allowed_ || pid <= 0) return false;
    emit starting();
    live_->startAttach();
    pid_ = pid;
    name_.clear();
    const bool started = session_->attach(pid, rateHz_());
    updateStatus();
    updateActions();
    return started;
}

void AttachController::detach() {
    if (!isAttached()) return;
    emit statusChanged(tr("Detaching from pid %1...").arg(pid_));
    session_->detach();
}

void AttachController::onSample(const events::Sample& sample) {
    // The engine names each process of the tree once, in the sample that
    // first shows it (the window never reads /proc).
    for (const auto& process : sample.newProcesses)
        if (process.pid == pid_) name_ = QString::fromStdString(process.name);
    live_->showAttachSample(sample);
}

QString AttachController::who() const {
    return name_.isEmpty() ? tr("pid %1").arg(pid_) : tr("pid %1 (%2)").arg(pid_).arg(name_);
}

void AttachController::updateStatus() {
    if (!isAttached()) return;
    const int processes = session_->processCount(), threads = session_->threadCount();
    emit statusChanged(processes == 0 ? tr("Attached to %1: waiting for the first sample... (Esc detaches)").arg(who())
                                      : tr("Attached to %1: %2 %3, %4 %5 (Esc detaches)")
                                            .arg(who())
                                            .arg(processes)
                                            .arg(processes == 1 ? tr("process") : tr("processes"))
                                            .arg(threads)
                                            .arg(threads == 1 ? tr("thread") : tr("threads")));
}

void AttachController::updateActions() {
    attachAction_->setEnabled(allowed_);
    detachAction_->setEnabled(isAttached());
}

void AttachController::onEnded(const EngineEnd& end, bool detachRequested) {
    updateActions();
    if (detachRequested) emit ended(tr("Detached from %1").arg(who()), false);
    else if (end.ok) emit ended(tr("%1 and its child processes have exited").arg(who()), false);
    else emit ended(tr("Watching %1 stopped: %2").arg(who(), end.message), true);
}

} // namespace oversub::ui
