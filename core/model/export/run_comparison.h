#pragma once
// Two finished runs side by side, as rows a table can show: the knobs that
// differ, the wall time and each phase, and every finding of either run with
// each number of its evidence in both (absent where a run lacks it). Numbers
// get their difference (B - A) and ratio (B / A), so "what changed between
// the narrowed and the cured run" reads off one table.

#include "export/results.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace oversub {

inline constexpr const char* kComparisonRunSection = "run";
inline constexpr const char* kComparisonKnobsSection = "knobs";

struct ComparedValue {
    // kComparisonRunSection, kComparisonKnobsSection, or a finding's id.
    std::string section;
    // A knob, a run figure ("wall_s", "phases.compute_s"), an evidence key
    // (nested keys joined by "."), or "" for the finding itself (its severity).
    std::string name;
    std::optional<nlohmann::json> a, b; // nullopt: that run has no such value
    // Both numbers: B - A, and B / A when A is not 0.
    std::optional<double> difference, ratio;
    bool same() const { return a == b; }
};

// Rows in order: the knobs that differ (what was changed; a knob both runs
// share is left out), the run's figures (status, wall, timed, each phase,
// rates: what happened), then the findings (why) in A's order followed by
// those only B has, each finding's own row first and then its evidence (the
// union of both runs' keys, sorted).
std::vector<ComparedValue> compareRuns(const RunRecord& a, const RunRecord& b);

// A value as a table shows it: numbers with up to 4 significant digits,
// strings bare, short arrays inline, anything else as compact JSON.
std::string describeValue(const nlohmann::json& value);

} // namespace oversub
