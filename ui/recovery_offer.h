#pragma once
// A journal a crash left behind, read through core's journal reader and put
// into words for the window's prompt: how many runs of which experiment were
// saved when. The window never parses the journal itself.

#include "export/journal.h"

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

namespace oversub::ui {

struct RecoveryOffer {
    QString path;
    QDateTime savedAt; // the journal's last write
    JournalRecovery recovery; // readJournal(path)
    QString experimentSummary; // "gemm 1000, 8 tasks, sweep workers 1,2,4 x threads 1,2"

    int runs() const { return recovery.runsCompleted; }
    // "Oversub stopped before a sweep finished. 3 runs of ... were saved at ..."
    QString promptText() const;
};

// Reads `path` (readJournal). A journal that holds no completed run is
// removed and nullopt returned; one this build cannot read is kept (a newer
// Oversub may) and nullopt returned with `problem` set.
std::optional<RecoveryOffer> readRecoveryOffer(const QString& path, QString* problem = nullptr);

// One line naming the workload, its size and tasks and the sweep (or the
// workers x threads of a single run); a preset by its title.
QString describeExperiment(const Experiment& experiment);

// The summary the heat map draws: the journal's own (sweep_done) when the
// invocation finished, otherwise core's sweep summary of the recovered runs.
nlohmann::json sweepSummaryOf(const Results& results);

} // namespace oversub::ui
