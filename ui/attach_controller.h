#pragma once
// Following a program that already runs: Run > Attach to process... (the
// dialog lists processes through `oversub-cli processes`), Detach, the
// engine's watch of the tree (`oversub-cli watch --pid`) drawn by the live
// view, and the status line while attached. It owns the watch and what it
// learned (pid, name); the window only says when attaching is allowed and
// shows what the controller reports.

#include "attach_dialog.h"
#include "engine/exit_message.h"
#include "events/event_watch.h"

#include <QObject>
#include <QString>

#include <functional>
#include <vector>

class QAction;
class QWidget;

namespace oversub::ui {

class AttachSession;
class LiveView;

class AttachController : public QObject {
    Q_OBJECT
public:
    // `rateHz` gives the sampling rate of a new watch (the panel's).
    AttachController(LiveView* live, std::function<double()> rateHz, QWidget* dialogParent);

    // Attach (Ctrl+T) and Detach (Esc, Ctrl+Shift+T; Esc is also Cancel,
    // and the two are never enabled together).
    QAction* attachAction() const { return attachAction_; }
    QAction* detachAction() const { return detachAction_; }
    // No run going and a real machine: attaching is possible.
    void setAttachAllowed(bool allowed);

    // Follows `pid` and every descendant it starts; false when attaching is
    // not allowed or no engine was found. A pid that is not running is the
    // engine's to report (ended() with its reason).
    bool attachToPid(int pid);
    void detach(); // stops watching; the program keeps running
    bool isAttached() const;
    int attachedPid() const { return pid_; }
    // The dialog's process list (default: `oversub-cli processes --json`).
    void setProcessSource(AttachDialog::ProcessSource source) { processSource_ = std::move(source); }

signals:
    void starting(); // before the watch starts: clear what the last run left
    void statusChanged(const QString& text); // "Attached to pid 12 (python3): 2 processes, 5 threads"
    void findingsReady(const std::vector<oversub::events::Finding>& findings); // the engine's check of the tree
    // The watch ended: `text` says why; `failed` when the engine gave up.
    void ended(const QString& text, bool failed);

private:
    void showDialog();
    void onSample(const events::Sample& sample);
    void onEnded(const EngineEnd& end, bool detachRequested);
    void updateStatus();
    void updateActions();
    QString who() const;

    LiveView* live_;
    std::function<double()> rateHz_;
    QWidget* dialogParent_;
    AttachSession* session_;
    QAction* attachAction_;
    QAction* detachAction_;
    AttachDialog::ProcessSource processSource_;
    bool allowed_ = true;
    int pid_ = 0;
    QString name_; // from the engine's first sample of the process
};

} // namespace oversub::ui
