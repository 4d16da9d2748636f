#pragma once
// What a teaching preset says around its sweep, as text and JSON, so every
// front end words it the same: its question before anything runs ("predict,
// then run"), what this machine showed and the lesson after, and the same
// verdicts for the sweep's summary (summary.preset in sweep_done and the
// results file).

#include "presets/preset_library.h"
#include "presets/preset_verdict.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace oversub::presets {

// "TITLE\n\nSTORY\n\nQUESTION\n\n".
std::string presetIntroduction(const Preset& preset);

// "\nWhat this machine showed:\n" with one indented line per verdict, then
// "\nLesson: LESSON\n".
std::string presetConclusion(const Preset& preset, const std::vector<Verdict>& verdicts);

// {"point", "baseline", "claim", "measured", "holds", "ratio", "text"}.
nlohmann::json toJson(const Verdict& verdict);

// {"name", "lesson", "verdicts": [toJson(verdict), ...]}: the summary's "preset".
nlohmann::json presetSummaryJson(const Preset& preset, const std::vector<Verdict>& verdicts);

} // namespace oversub::presets
