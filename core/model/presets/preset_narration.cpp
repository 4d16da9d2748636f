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
    nlohmann::json j = {{"point", v.expectation.point},
                        {"baseline", v.expectation.baseline},
                        {"claim", v.expectation.claim},
                        {"measured", v.measured},
                        {"holds", v.holds},
                        {"ratio", v.ratio},
                        {"text", v.text}};
    if (v.expectation.claim == "scales-less") {
        j["than"] = {{"point", v.expectation.thanPoint}, {"baseline", v.expectation.thanBaseline}};
        j["than_ratio"] = v.thanRatio;
    }
    return j;
}

nlohmann::json presetSummaryJson(const Preset& preset, const std::vector<Verdict>& verdicts) {
    auto list = nlohmann::json::array();
    for (const auto& v : verdicts) list.push_back(toJson(v));
    return {{"name", preset.name}, {"lesson", preset.lesson}, {"verdicts", list}};
}

} // namespace oversub::presets
