#pragma once
// The "Command" tab of the selected run: for an external command run, the
// command line it executed, how it ended (exit status or signal), the CPU
// time of its whole process tree against the wall time, the thread
// variables it was given, and the end of what it printed in a read-only
// monospace view. Built-in runs show one line saying there is no command.

#include "events/event_kinds.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace oversub::ui {

struct StoredRun;

// One readable line per fact, plain text (the label shows it as rich text).
QString commandOutcomeSummary(const events::CommandResult& command, double wallSeconds);
// "exited with status 0", "killed by SIGKILL", "did not start".
QString commandEndText(const events::CommandResult& command);

class RunDetailsView : public QWidget {
    Q_OBJECT
public:
    explicit RunDetailsView(QWidget* parent = nullptr);

    void setRun(const StoredRun* run); // nullptr: nothing selected
    QString summaryText() const; // what the summary shows, as plain text
    QString outputText() const; // the output tail
    QPlainTextEdit* outputView() const { return output_; }

private:
    QLabel* summary_ = nullptr;
    QPlainTextEdit* output_ = nullptr;
    QString plainSummary_;
};

} // namespace oversub::ui
