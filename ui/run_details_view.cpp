#include "run_details_view.h"

#include "models/run_store.h"
#include "monospace_font.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace oversub::ui {
namespace {

// The argv as one line a person could paste into a shell.
QString shellLine(const std::vector<std::string>& argv) {
    QStringList parts;
    for (const auto& arg : argv) {
        const QString a = QString::fromStdString(arg);
        const bool plain =
            !a.isEmpty() && a.indexOf(QRegularExpression(QStringLiteral("[^A-Za-z0-9_./:=,+@%{}-]"))) < 0;
        parts << (plain ? a
                        : QLatin1Char('\'') + QString(a).replace(QLatin1Char('\''), QStringLiteral("'\\''")) +
                              QLatin1Char('\''));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

QString commandEndText(const events::CommandResult& command) {
    if (!command.signal.empty()) return QObject::tr("killed by %1").arg(QString::fromStdString(command.signal));
    if (command.exitStatus) return QObject::tr("exited with status %1").arg(*command.exitStatus);
    return QObject::tr("did not start");
}

QString commandOutcomeSummary(const events::CommandResult& command, double wallSeconds) {
    QStringList lines;
    lines << QObject::tr("Command: %1").arg(shellLine(command.argv));
    lines << QObject::tr("Ended: %1").arg(commandEndText(command));
    QString cpu = QObject::tr("CPU time of the whole tree: %1 s").arg(command.cpuSeconds, 0, 'f', 3);
    if (wallSeconds > 0)
        cpu += QObject::tr(" in %1 s of wall time (%2 cores busy on average)")
                   .arg(wallSeconds, 0, 'f', 3)
                   .arg(command.cpuSeconds / wallSeconds, 0, 'f', 2);
    lines << cpu;
    QStringList env;
    for (const auto& [name, value] : command.threadEnv)
        env << QStringLiteral("%1=%2").arg(QString::fromStdString(name), QString::fromStdString(value));
    lines << QObject::tr("Thread variables: %1").arg(env.isEmpty() ? QObject::tr("none") : env.join(QLatin1Char(' ')));
    return lines.join(QLatin1Char('\n'));
}

RunDetailsView::RunDetailsView(QWidget* parent) : QWidget(parent) {
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("commandSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    output_ = new QPlainTextEdit;
    output_->setObjectName(QStringLiteral("commandOutput"));
    output_->setReadOnly(true);
    output_->setFont(monospaceFont());
    output_->setLineWrapMode(QPlainTextEdit::NoWrap);
    output_->setPlaceholderText(tr("What the command printed (last 8 KiB of stdout and stderr)"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(summary_);
    layout->addWidget(output_, 1);
    setRun(nullptr);
}

void RunDetailsView::setRun(const StoredRun* run) {
    if (!run) {
        plainSummary_ = tr("No run selected.");
    } else if (!run->record.done.command) {
        plainSummary_ = tr("A built-in workload: no command ran.");
    } else {
        plainSummary_ = commandOutcomeSummary(*run->record.done.command, run->record.done.wallSeconds);
    }
    const bool hasCommand = run && run->record.done.command;
    summary_->setText(plainSummary_.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    output_->setPlainText(hasCommand ? QString::fromStdString(run->record.done.command->outputTail) : QString());
    output_->setVisible(hasCommand);
}

QString RunDetailsView::summaryText() const { return plainSummary_; }
QString RunDetailsView::outputText() const { return output_->toPlainText(); }

} // namespace oversub::ui
