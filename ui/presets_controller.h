#pragma once
// The teaching presets in the window: the Presets menu, loading one into
// the panel with its story and question (the preset banner), saying which
// claims an edit keeps from being checked, and the verdicts and lesson
// after its sweep. It owns which preset is loaded and what the panel made
// of it, so "unchanged" compares like with like; the window asks it whether
// the panel still holds the preset, to sweep it by name.

#include "events/event_kinds.h"
#include "experiment/experiment.h"

#include <QObject>
#include <QString>

class QMenu;

namespace oversub::ui {

class KnobPanel;
class PresetBanner;

class PresetsController : public QObject {
    Q_OBJECT
public:
    PresetsController(KnobPanel* panel, PresetBanner* banner, QObject* parent = nullptr);

    // One action per built-in preset (object name preset_<name>), or one
    // disabled line saying why the library could not be read.
    void fillMenu(QMenu* menu);

    // Loads `name` into the panel and shows its story; false (and problem())
    // for an unknown name.
    bool load(const QString& name);
    void forget(); // another experiment replaced the preset
    QString current() const { return name_; } // empty: none loaded
    // The panel still holds the loaded preset unchanged: sweep it by name.
    bool panelHoldsPreset() const;
    const Experiment& presetExperiment() const { return experiment_; }

    // The sweep ended: the engine's verdicts for a preset swept by name, or
    // the claims checked against what ran for an edited preset swept plainly.
    void showSweepOutcome(const events::SweepDone& done, bool wasPlainSweep);

    // Runs going: the banner's note is not updated while the panel is locked.
    void setRunning(bool running) { running_ = running; }

signals:
    void loaded(const QString& name);
    void problem(const QString& text);

private:
    void onPanelEdited();

    KnobPanel* panel_;
    PresetBanner* banner_;
    QString name_;
    Experiment experiment_;
    bool running_ = false;
};

} // namespace oversub::ui
