#pragma once
// At the window's start: finds the journals a crash left behind
// (journal_files.h), reads each through core's journal reader
// (recovery_offer.h) and, as --recover says, asks (Restore / Discard),
// restores the runs into the RunStore as if they had just run, discards the
// journal or leaves it for a later start. A restored journal is removed: its
// runs are the window's now.

#include "recovery_offer.h"
#include "startup_options.h"

#include <QObject>
#include <QPointer>

#include <deque>

class QMessageBox;
class QPushButton;
class QWidget;

namespace oversub::ui {

class RunStore;

struct RestoredRuns {
    int firstIndex = 0; // store index of the first restored run
    int count = 0;
    nlohmann::json summary; // for the heat map (sweepSummaryOf)
    Experiment experiment; // as the journal's sweep asked for it
    QString message; // one line for the status bar
};

class RecoveryController : public QObject {
    Q_OBJECT
public:
    RecoveryController(RunStore* store, QWidget* window, const QString& journalDirectory);

    // Reads the journals left behind now, oldest first. Call before this
    // window starts an invocation of its own.
    void scan();
    const std::deque<RecoveryOffer>& pending() const { return pending_; }
    // Restore and Discard act on every pending journal at once; Ask prompts
    // for each in turn (window-modal, the event loop keeps running); Leave
    // keeps them for a later start.
    void handle(RecoverMode mode);

    bool restore(const RecoveryOffer& offer);
    void discard(const RecoveryOffer& offer);

    // The prompt on screen, if any (tests and screenshots press its buttons).
    QMessageBox* prompt() const;
    QPushButton* restoreButton() const { return restoreButton_; }
    QPushButton* discardButton() const { return discardButton_; }

signals:
    void restored(const oversub::ui::RestoredRuns& runs);
    void problem(const QString& message);
    void promptShown();
    void allHandled(); // no prompt left open

private:
    void askNext();

    RunStore* store_;
    QWidget* window_;
    QString directory_;
    std::deque<RecoveryOffer> pending_;
    QPointer<QMessageBox> prompt_;
    QPushButton* restoreButton_ = nullptr;
    QPushButton* discardButton_ = nullptr;
};

} // namespace oversub::ui
