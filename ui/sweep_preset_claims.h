#pragma once
// A teaching preset whose sweep was edited in the panel runs as a plain
// sweep; its claims are still checked, by core's checkExpectations, against
// the summary of what actually ran. A claim whose points the edit removed
// (a value taken out of a list, an axis fixed, another axis added so the
// points are labelled differently) is reported as not checked, with why.

#include "experiment/experiment.h"
#include "presets/preset_library.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <vector>

namespace oversub::analysis {
struct SweepSummary;
}

namespace oversub::ui {

struct ClaimCheck {
    presets::PresetExpectation claim;
    QString notCheckedWhy; // empty: the edited sweep has both points of the claim
};

// One entry per claim of `preset`, in the preset's order.
std::vector<ClaimCheck> checkableClaims(const presets::Preset& preset, const Experiment& edited);

// "Not checked: <point> vs <baseline>: <why>." for each claim the edit removed; empty when none.
QStringList notCheckedTexts(const std::vector<ClaimCheck>& checks);

// The parts of a sweep_done summary the verdicts read: per point its label
// and wall-time statistics.
analysis::SweepSummary sweepSummaryFromJson(const nlohmann::json& summary);

// The verdict sentences for an edited preset's sweep: core's verdict for
// each claim the edited sweep could check, "Not checked: ..." for the others.
QStringList editedPresetVerdicts(const presets::Preset& preset, const Experiment& edited,
                                 const nlohmann::json& summary);

} // namespace oversub::ui
