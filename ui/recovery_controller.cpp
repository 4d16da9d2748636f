#include "recovery_controller.h"

#include "journal_files.h"
#include "models/run_store.h"

#include <QMessageBox>
#include <QPushButton>

namespace oversub::ui {

RecoveryController::RecoveryController(RunStore* store, QWidget* window, const QString& journalDirectory)
    : QObject(window), store_(store), window_(window), directory_(journalDirectory) {}

QMessageBox* RecoveryController::prompt() const { return prompt_.data(); }

void RecoveryController::scan() {
    pending_.clear();
    for (const QString& path : leftBehindJournals(directory_)) {
        QString unreadable;
        if (auto offer = readRecoveryOffer(path, &unreadable)) pending_.push_back(std::move(*offer));
        else if (!unreadable.isEmpty())
            emit problem(tr("A journal left behind could not be read and was kept: %1").arg(unreadable));
    }
}

void RecoveryController::handle(RecoverMode mode) {
    switch (mode) {
    case RecoverMode::Leave: pending_.clear(); break;
    case RecoverMode::Restore:
    case RecoverMode::Discard:
        while (!pending_.empty()) {
            const RecoveryOffer offer = std::move(pending_.front());
            pending_.pop_front();
            if (mode == RecoverMode::Restore) restore(offer);
            else discard(offer);
        }
        break;
    case RecoverMode::Ask: askNext(); return;
    }
    emit allHandled();
}

bool RecoveryController::restore(const RecoveryOffer& offer) {
    // Read again: the prompt may have waited; the file is the truth and the
    // offer only its description.
    JournalRecovery recovery;
    try {
        recovery = readJournal(offer.path.toStdString());
    } catch (const std::exception& error) {
        emit problem(tr("Could not restore the runs: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
    RestoredRuns runs;
    runs.firstIndex = store_->addRecovered(recovery.results);
    runs.count = static_cast<int>(recovery.results.runs.size());
    runs.summary = sweepSummaryOf(recovery.results);
    runs.experiment = recovery.results.experiment;
    const QString when = offer.savedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    runs.message = runs.count == 1
                       ? tr("Restored 1 run of %1 saved at %2").arg(offer.experimentSummary, when)
                       : tr("Restored %1 runs of %2 saved at %3").arg(runs.count).arg(offer.experimentSummary, when);
    removeJournal(offer.path);
    emit restored(runs);
    return true;
}

void RecoveryController::discard(const RecoveryOffer& offer) { removeJournal(offer.path); }

void RecoveryController::askNext() {
    if (pending_.empty()) {
        emit allHandled();
        return;
    }
    const RecoveryOffer offer = pending_.front();
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Recover runs"), offer.promptText(), QMessageBox::NoButton, window_);
    box->setObjectName(QStringLiteral("recoveryPrompt"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("Restore loads them into the run table, the charts and the heat map as if they had "
                               "just run. Discard deletes them."));
    box->setDetailedText(tr("Journal: %1").arg(offer.path));
    restoreButton_ = box->addButton(tr("Restore them"), QMessageBox::AcceptRole);
    discardButton_ = box->addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box->setDefaultButton(restoreButton_);
    box->setEscapeButton(static_cast<QAbstractButton*>(nullptr)); // closing the box: leave it for a later start
    connect(box, &QMessageBox::finished, this, [this, box] {
        if (pending_.empty()) return;
        const RecoveryOffer current = std::move(pending_.front());
        pending_.pop_front();
        if (box->clickedButton() == restoreButton_) restore(current);
        else if (box->clickedButton() == discardButton_) discard(current);
        restoreButton_ = discardButton_ = nullptr;
        prompt_ = nullptr;
        askNext();
    });
    prompt_ = box;
    box->open();
    emit promptShown();
}

} // namespace oversub::ui
