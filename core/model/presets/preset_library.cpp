#include "presets/preset_library.h"

#include "presets/preset_sources.h"
#include "util/input_error.h"
#include "util/json_limits.h"

#include <nlohmann/json.hpp>

namespace oversub::presets {
namespace {

std::string textOf(const nlohmann::json& preset, const char* key, const std::string& file) {
    if (!preset.contains(key) || !preset[key].is_string() || preset[key].get<std::string>().empty())
        throw InputError(file + ": preset." + key, "missing", "a non-empty string");
    return preset[key].get<std::string>();
}

Preset parsePreset(const PresetSource& source) {
    const std::string file(source.fileName);
    const nlohmann::json json = parseJsonLimited(source.json, file);
    Preset p;
    p.experiment = experimentFromJson(json);
    validateExperiment(p.experiment);
    const auto& meta = p.experiment.preset;
    if (!meta.is_object()) throw InputError(file + ": preset", "missing", "an object");
    p.name = textOf(meta, "name", file);
    p.title = textOf(meta, "title", file);
    p.story = textOf(meta, "story", file);
    p.question = textOf(meta, "question", file);
    p.lesson = textOf(meta, "lesson", file);
    if (meta.contains("expect")) {
        if (!meta["expect"].is_array()) throw InputError(file + ": preset.expect", meta["expect"].dump(), "an array");
        for (const auto& e : meta["expect"]) {
            if (!e.is_object() || !e.contains("point") || !e.contains("baseline") || !e.contains("claim") ||
                !e["point"].is_string() || !e["baseline"].is_string() || !e["claim"].is_string())
                throw InputError(file + ": preset.expect", e.dump(),
                                 "{\"point\": LABEL, \"baseline\": LABEL, \"claim\": \"faster\" | \"not-slower\"}");
            PresetExpectation x{e["point"].get<std::string>(), e["baseline"].get<std::string>(),
                                e["claim"].get<std::string>(), "", ""};
            if (x.claim != "faster" && x.claim != "not-slower" && x.claim != "scales-less")
                throw InputError(file + ": preset.expect.claim", x.claim, "faster | not-slower | scales-less");
            if (x.claim == "scales-less") {
                const auto& than = e.contains("than") ? e["than"] : nlohmann::json();
                if (!than.is_object() || !than.contains("point") || !than.contains("baseline") ||
                    !than["point"].is_string() || !than["baseline"].is_string())
                    throw InputError(file + ": preset.expect.than", than.dump(),
                                     "{\"point\": LABEL, \"baseline\": LABEL}: the pair it scales less than");
                x.thanPoint = than["point"].get<std::string>();
                x.thanBaseline = than["baseline"].get<std::string>();
            }
            p.expectations.push_back(std::move(x));
        }
    }
    return p;
}

} // namespace

const std::vector<Preset>& builtinPresets() {
    static const std::vector<Preset> presets = [] {
        std::vector<Preset> out;
        for (const auto& source : presetSources()) out.push_back(parsePreset(source));
        return out;
    }();
    return presets;
}

std::string presetNames() {
    std::string out;
    for (const auto& p : builtinPresets()) {
        if (!out.empty()) out += ", ";
        out += p.name;
    }
    return out;
}

const Preset& presetByName(const std::string& name) {
    for (const auto& p : builtinPresets())
        if (p.name == name) return p;
    throw InputError("preset", name, presetNames());
}

} // namespace oversub::presets
