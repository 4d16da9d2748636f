#include "presets/preset_narration.h"

namespace oversub::presets {

std::string presetIntroduction(const Preset& preset) {
    return preset.title + "\n\n" + preset.story + "\n\n" + preset.question + "\n\n";
}

std::string presetConclusion(const Preset& preset, const std::vector<Verdict>& verdicts) {
    std::string text = "\nWhat this machine showed:\n";
    for (const auto& v : verdicts) text += "  " + v.text + '\n';
    return text + "\nLesson: " + preset.lesson + '\n';
}

nlohmann::json toJson(const Verdict& v) {
    return {{"point", v.expectation.point},
            {"baseline", v.expectation.baseline},
            {"claim", v.expectation.claim},
            {"measured", v.measured},
            {"holds", v.holds},
            {"ratio", v.ratio},
            {"text", v.text}};
}

nlohmann::json presetSummaryJson(const Preset& preset, const std::vector<Verdict>& verdicts) {
    auto list = nlohmann::json::array();
    for (const auto& v : verdicts) list.push_back(toJson(v));
    return {{"name", preset.name}, {"lesson", preset.lesson}, {"verdicts", list}};
}

} // namespace oversub::presets
