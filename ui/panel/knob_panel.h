#pragma once
// The configuration panel, generated from core's knob table: one field per
// visible knob, grouped by the knob's panel group, plus the sweep lists.
// Every keystroke is validated by core (the same validator the CLI and the
// experiment file use); the panel is valid only when every field and the
// cross-knob checks pass.

#include "experiment/experiment.h"

#include <QWidget>

#include <map>
#include <string>
#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace oversub::ui {

class KnobField;

class KnobPanel : public QWidget {
    Q_OBJECT
public:
    explicit KnobPanel(QWidget* parent = nullptr);

    // Shows `experiment` (knobs and sweep lists); hidden knobs and preset
    // text are kept as they are and come back in experiment(). An experiment
    // with a sweep replaces every list: knobs it does not sweep are cleared,
    // and a swept knob beyond workers and threads (e.g. affinity) gets a list
    // of its own.
    void setExperiment(const Experiment& experiment);
    // The experiment as edited. Only meaningful while isValid().
    Experiment experiment() const;
    // The same with the sweep lists as its sweep (workers x threads).
    Experiment sweepExperiment() const;

    bool isValid() const { return problem_.isEmpty(); }
    QString problem() const { return problem_; } // first problem, naming the field
    // The sweep also needs valid sweep lists.
    bool isSweepValid() const { return sweepProblem_.isEmpty(); }
    QString sweepProblem() const { return sweepProblem_; }
    KnobField* field(const std::string& knobName) const;
    QLineEdit* sweepField(const std::string& knobName) const;
    // Adds a list field for any sweepable knob (innermost axis), or returns
    // the one it has; nullptr for a knob that cannot be swept.
    QLineEdit* addSweepAxis(const std::string& knobName);
    // The picker of further axes and the live "N points x M runs" text.
    QComboBox* axisPicker() const { return axisPicker_; }
    QString sweepCountText() const;

signals:
    void validityChanged(bool valid);
    void edited();

protected:
    void changeEvent(QEvent* event) override;

private:
    void revalidate();
    QLineEdit* addSweepField(const std::string& knobName);
    void refreshAxisPicker();
    void applyProblemColour();

    Experiment base_;
    std::map<std::string, KnobField*> fields_;
    std::map<std::string, QLineEdit*> sweepFields_;
    std::vector<std::string> sweepOrder_; // outermost axis first
    QFormLayout* sweepForm_ = nullptr;
    QLabel* crossCheck_ = nullptr;
    QComboBox* axisPicker_ = nullptr;
    QLabel* sweepCount_ = nullptr;
    QString problem_;
    QString sweepProblem_;
    bool loading_ = false;
};

} // namespace oversub::ui
