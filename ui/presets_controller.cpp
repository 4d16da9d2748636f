#include "presets_controller.h"

#include "panel/knob_panel.h"
#include "preset_banner.h"
#include "presets/preset_library.h"
#include "sweep_preset_claims.h"

#include <QAction>
#include <QMenu>

namespace oversub::ui {

PresetsController::PresetsController(KnobPanel* panel, PresetBanner* banner, QObject* parent)
    : QObject(parent), panel_(panel), banner_(banner) {
    connect(panel_, &KnobPanel::edited, this, &PresetsController::onPanelEdited);
}

void PresetsController::fillMenu(QMenu* menu) {
    try {
        for (const auto& preset : presets::builtinPresets()) {
            const QString name = QString::fromStdString(preset.name);
            QAction* action = menu->addAction(QString::fromStdString(preset.title), this, [this, name] { load(name); });
            action->setObjectName(QStringLiteral("preset_%1").arg(name));
            action->setData(name);
            action->setStatusTip(QString::fromStdString(preset.question));
        }
    } catch (const std::exception& error) {
        menu->addAction(tr("Presets unavailable: %1").arg(QString::fromUtf8(error.what())))->setEnabled(false);
    }
}

bool PresetsController::load(const QString& name) {
    try {
        const presets::Preset& preset = presets::presetByName(name.toStdString());
        panel_->setExperiment(preset.experiment);
        // What the panel makes of it, so that "unchanged" compares like with like.
        experiment_ = panel_->isSweepValid() ? panel_->sweepExperiment() : preset.experiment;
        name_ = name;
        banner_->showPreset(QString::fromStdString(preset.title), QString::fromStdString(preset.story),
                            QString::fromStdString(preset.question));
        emit loaded(name);
        return true;
    } catch (const std::exception& error) {
        emit problem(tr("Could not load the preset: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

void PresetsController::forget() {
    name_.clear();
    banner_->clear();
}

bool PresetsController::panelHoldsPreset() const {
    return !name_.isEmpty() && panel_->isSweepValid() && toJson(panel_->sweepExperiment()) == toJson(experiment_);
}

void PresetsController::onPanelEdited() {
    // While a loaded preset is edited, its banner says which claims the edit keeps from being checked.
    if (name_.isEmpty() || running_ || banner_->isHidden()) return;
    try {
        const presets::Preset& preset = presets::presetByName(name_.toStdString());
        const Experiment edited = panel_->isSweepValid() ? panel_->sweepExperiment() : panel_->experiment();
        const QStringList lost = panelHoldsPreset() ? QStringList() : notCheckedTexts(checkableClaims(preset, edited));
        banner_->showPreset(QString::fromStdString(preset.title), QString::fromStdString(preset.story),
                            QString::fromStdString(preset.question), lost.join(QLatin1Char(' ')));
    } catch (const std::exception&) {
        // A preset that vanished from the library keeps its banner as it is.
    }
}

void PresetsController::showSweepOutcome(const events::SweepDone& done, bool wasPlainSweep) {
    if (!done.summary.is_object()) return;
    if (!done.summary.contains("preset")) {
        // An edited preset swept as a plain sweep: its claims checked against what ran.
        if (name_.isEmpty() || !wasPlainSweep || !panel_->isSweepValid()) return;
        try {
            const presets::Preset& preset = presets::presetByName(name_.toStdString());
            banner_->showOutcome(editedPresetVerdicts(preset, panel_->sweepExperiment(), done.summary),
                                 QString::fromStdString(preset.lesson));
        } catch (const std::exception&) {}
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
    banner_->showOutcome(verdicts, lesson);
}

} // namespace oversub::ui
