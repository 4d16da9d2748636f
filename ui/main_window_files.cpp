// Experiment files: opening one into the panel (asking first whether its
// program may run), saving the panel's experiment.
#include "main_window.h"

#include "error_banner.h"
#include "experiment/file_trust.h"
#include "panel/knob_panel.h"
#include "presets_controller.h"

namespace oversub::ui {

bool MainWindow::openExperimentFile(const QString& path) {
    try {
        Experiment experiment = loadExperimentFile(path.toStdString());
        refuseFaultFrom(experiment, path.toStdString());
        const QString refusedCommand = consentToCommandOf(experiment, path);
        panel_->setExperiment(experiment);
        experimentPath_ = path;
        presets_->forget();
        banner_->clear();
        if (!refusedCommand.isEmpty()) banner_->showMessage(refusedCommand);
        showStatus(tr("Opened %1").arg(path));
        return true;
    } catch (const std::exception& error) {
        showProblem(
            tr("Could not open the experiment, the current one is kept. %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

bool MainWindow::saveExperimentTo(const QString& path) {
    try {
        saveExperimentFile(path.toStdString(), panelExperiment());
        experimentPath_ = path;
        showStatus(tr("Saved %1").arg(path));
        return true;
    } catch (const std::exception& error) {
        showProblem(tr("Could not save the experiment: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

QString MainWindow::consentToCommandOf(Experiment& experiment, const QString& path) {
    // Every program the file would run (core's list: its command and a swept command axis).
    QStringList commands;
    for (const auto& command : commandsOf(experiment)) commands << QString::fromStdString(command);
    if (commands.isEmpty()) return {};
    if (consentAsker_(this, commands.join(QLatin1Char('\n')), path)) return {};
    experiment.command.clear();
    std::erase_if(experiment.sweep.axes, [](const SweepAxis& axis) { return axis.knob == "command"; });
    return tr("The experiment's command was not allowed and has been cleared: %1")
        .arg(commands.join(QStringLiteral(" | ")));
}

void MainWindow::setCommandConsentAsker(CommandConsentAsker asker) {
    consentAsker_ = asker ? std::move(asker) : CommandConsentAsker(askCommandConsentInDialog);
}

} // namespace oversub::ui
