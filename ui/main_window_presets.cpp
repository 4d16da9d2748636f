// The teaching presets: the Presets menu, loading one into the panel with its
// story and question, and the verdicts and lesson after its sweep.
#include "main_window.h"

#include "charts/heat_map.h"
#include "error_banner.h"
#include "panel/knob_panel.h"
#include "preset_banner.h"
#include "presets/preset_library.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>

namespace oversub::ui {

void MainWindow::buildPresetsMenu() {
    presetsMenu_ = menuBar()->addMenu(tr("&Presets"));
    presetsMenu_->setObjectName(QStringLiteral("presetsMenu"));
    try {
        for (const auto& preset : presets::builtinPresets()) {
            const QString name = QString::fromStdString(preset.name);
            QAction* action = presetsMenu_->addAction(QString::fromStdString(preset.title), this,
                                                      [this, name] { loadPreset(name); });
            action->setObjectName(QStringLiteral("preset_%1").arg(name));
            action->setData(name);
            action->setStatusTip(QString::fromStdString(preset.question));
        }
    } catch (const std::exception& error) {
        presetsMenu_->addAction(tr("Presets unavailable: %1").arg(QString::fromUtf8(error.what())))->setEnabled(false);
    }
}

bool MainWindow::loadPreset(const QString& name) {
    if (isRunning()) return false;
    try {
        const presets::Preset& preset = presets::presetByName(name.toStdString());
        panel_->setExperiment(preset.experiment);
        // What the panel makes of it, so that "unchanged" compares like with like.
        presetExperiment_ = panel_->isSweepValid() ? panel_->sweepExperiment() : preset.experiment;
        presetName_ = name;
        experimentPath_.clear();
        banner_->clear();
        presetBanner_->showPreset(QString::fromStdString(preset.title), QString::fromStdString(preset.story),
                                  QString::fromStdString(preset.question));
        statusText_->setText(tr("Preset %1 loaded: predict, then sweep (F6)").arg(name));
        updateActions();
        return true;
    } catch (const std::exception& error) {
        showProblem(tr("Could not load the preset: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

bool MainWindow::panelHoldsPreset() const {
    return !presetName_.isEmpty() && panel_->isSweepValid() && toJson(panel_->sweepExperiment()) == toJson(presetExperiment_);
}

void MainWindow::onSweepFinished(const events::SweepDone& done) {
    heatMap_->setSummary(done.summary);
    if (!done.summary.is_object() || !done.summary.contains("preset")) return;
    const auto& preset = done.summary["preset"];
    if (!preset.is_object()) return;
    QStringList verdicts;
    if (preset.contains("verdicts") && preset["verdicts"].is_array())
        for (const auto& v : preset["verdicts"])
            if (v.is_object() && v.contains("text") && v["text"].is_string())
                verdicts << QString::fromStdString(v["text"].get<std::string>());
    const QString lesson = preset.contains("lesson") && preset["lesson"].is_string()
                               ? QString::fromStdString(preset["lesson"].get<std::string>())
                               : QString();
    presetBanner_->showOutcome(verdicts, lesson);
}

} // namespace oversub::ui
