// The teaching presets: the Presets menu, loading one into the panel with its
// story and question, and the verdicts and lesson after its sweep.
#include "main_window.h"

#include "charts/heat_map.h"
#include "charts/speedup_chart.h"
#include "models/run_store.h"
#include "error_banner.h"
#include "panel/knob_panel.h"
#include "preset_banner.h"
#include "engine/run_session.h"
#include "presets/preset_library.h"
#include "sweep_preset_claims.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>

namespace oversub::ui {

void MainWindow::buildPresetsMenu() {
    // While a loaded preset is edited, its banner says which claims the edit keeps from being checked.
    connect(panel_, &KnobPanel::edited, this, [this] {
        if (presetName_.isEmpty() || isRunning() || presetBanner_->isHidden()) return;
        try {
            const presets::Preset& preset = presets::presetByName(presetName_.toStdString());
            const Experiment edited = panel_->isSweepValid() ? panel_->sweepExperiment() : panel_->experiment();
            const QStringList lost = panelHoldsPreset() ? QStringList() : notCheckedTexts(checkableClaims(preset, edited));
            presetBanner_->showPreset(QString::fromStdString(preset.title), QString::fromStdString(preset.story),
                                      QString::fromStdString(preset.question), lost.join(QLatin1Char(' ')));
        } catch (const std::exception&) {
            // A preset that vanished from the library keeps its banner as it is.
        }
    });
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
    // A memory-bound sweep carries the machine's bandwidth ceiling: the speedup chart draws it.
    if (const auto ceiling = bandwidthCeilingOf(done.summary); ceiling && !store_->runs().empty()) {
        speedupChart_->setBandwidthCeiling(store_->runs().back().invocation, *ceiling);
        refreshRunViews();
    }
    if (!done.summary.is_object()) return;
    if (!done.summary.contains("preset")) {
        // An edited preset swept as a plain sweep: its claims checked against what ran.
        if (presetName_.isEmpty() || session_->kind() != RunSession::Kind::Sweep || !panel_->isSweepValid()) return;
        try {
            const presets::Preset& preset = presets::presetByName(presetName_.toStdString());
            presetBanner_->showOutcome(editedPresetVerdicts(preset, panel_->sweepExperiment(), done.summary),
                                       QString::fromStdString(preset.lesson));
        } catch (const std::exception&) {
        }
        return;
    }
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
