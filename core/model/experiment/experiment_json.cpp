// The experiment file: JSON in, JSON out, with errors that name the key, the
// value and what is allowed (and the file, when it came from one).

#include "experiment/experiment.h"

#include "experiment/sweep.h"
#include "knobs/knob_table.h"
#include "util/atomic_file.h"
#include "util/input_error.h"
#include "util/json_limits.h"

#include <charconv>
#include <limits>

namespace oversub {

namespace {

using nlohmann::json;

std::string shortDump(const json& value) {
    std::string text =
        value.is_string() ? value.get<std::string>() : value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > 80) text = text.substr(0, 77) + "...";
    return text;
}

std::string kindWord(const Knob& k) {
    switch (k.kind) {
    case KnobKind::Int: return "an integer ";
    case KnobKind::Double: return "a number ";
    case KnobKind::Bool: return "";
    case KnobKind::Choice: return "one of ";
    default: return "a string: ";
    }
}

json typedValue(const Knob& k, const std::string& text) {
    switch (k.kind) {
    case KnobKind::Int: return std::stoll(text);
    case KnobKind::Double: {
        double v = 0; // from_chars: independent of the C locale (the window sets one)
        std::from_chars(text.data(), text.data() + text.size(), v);
        return v;
    }
    case KnobKind::Bool: return text == "true";
    default: return text;
    }
}

// The JSON value as the knob's text, or InputError when its JSON type is wrong.
std::string textOf(const Knob& k, std::string_view key, const json& value) {
    bool typeOk = false;
    switch (k.kind) {
    case KnobKind::Int: typeOk = value.is_number_integer(); break;
    case KnobKind::Double: typeOk = value.is_number(); break;
    case KnobKind::Bool: typeOk = value.is_boolean(); break;
    default: typeOk = value.is_string(); break;
    }
    if (!typeOk) throw InputError(std::string(key), shortDump(value), kindWord(k) + k.allowedText());
    switch (k.kind) {
    case KnobKind::Int:
        if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>()); // range check in validateValue
        return std::to_string(value.get<int64_t>());
    case KnobKind::Double: return formatDouble(value.get<double>());
    case KnobKind::Bool: return value.get<bool>() ? "true" : "false";
    default: return value.get<std::string>();
    }
}

SweepSpec sweepFromJson(const json& value) {
    const std::string allowed = "[{\"knob\": NAME, \"values\": [V1, V2, ...]}, ...]";
    if (!value.is_array()) throw InputError("sweep", shortDump(value), allowed);
    SweepSpec spec;
    for (const auto& item : value) {
        if (!item.is_object() || !item.contains("knob") || !item["knob"].is_string() || !item.contains("values") ||
            !item["values"].is_array() || item.size() != 2)
            throw InputError("sweep", shortDump(item), allowed);
        const std::string name = item["knob"].get<std::string>();
        const Knob* k = findKnob(name);
        if (!k) knob(name); // throws, listing the known names
        SweepAxis axis{std::string(k->name), {}};
        for (const auto& v : item["values"]) axis.values.push_back(validateValue(*k, textOf(*k, k->name, v)));
        spec.axes.push_back(std::move(axis));
    }
    validateSweep(spec);
    return spec;
}

json presetFromJson(const json& value) {
    if (!value.is_object())
        throw InputError("preset", shortDump(value), "an object {\"title\", \"story\", \"question\", \"lesson\"}");
    for (const char* key : {"title", "story", "question", "lesson"})
        if (value.contains(key) && !value[key].is_string())
            throw InputError(std::string("preset.") + key, shortDump(value[key]), "a string");
    return value;
}

std::string knownKeys() {
    std::string out = "schema, sweep, preset, calibration";
    for (const auto& k : knobTable()) out += ", " + std::string(k.name);
    return out;
}

// Prefixes an InputError's field with the file it came from.
[[noreturn]] void rethrowInFile(const std::string& path, const InputError& e) {
    if (!e.value().empty() || !e.allowed().empty()) throw InputError(path + ": " + e.field(), e.value(), e.allowed());
    throw InputError(path, e.what());
}

} // namespace

json toJson(const Experiment& e) {
    json j = json::object();
    j["schema"] = kExperimentSchema;
    for (const auto& k : knobTable()) {
        const std::string text = getKnob(e, k.name);
        // Hidden knobs at their default, and an empty command (a built-in
        // kernel), are left out: files stay short and older files compare equal.
        if ((k.hidden || k.name == "command") && text == k.defaultValue) continue;
        j[std::string(k.name)] = typedValue(k, text);
    }
    if (!e.sweep.empty()) {
        json axes = json::array();
        for (const auto& axis : e.sweep.axes) {
            const Knob& k = knob(axis.knob);
            json values = json::array();
            for (const auto& v : axis.values) values.push_back(typedValue(k, v));
            axes.push_back({{"knob", axis.knob}, {"values", values}});
        }
        j["sweep"] = axes;
    }
    if (!e.preset.is_null()) j["preset"] = e.preset;
    if (e.calibration) j["calibration"] = toJson(*e.calibration);
    return j;
}

Experiment experimentFromJson(const json& j) {
    // Files are refused deeper than this while parsing; an experiment carried
    // in a journal, an event stream or a results file is held to the same
    // limit here, so every experiment in memory can be written and read back.
    if (jsonDepth(j) > kMaxJsonDepth) throw InputError("experiment", tooDeepMessage(kMaxJsonDepth));
    if (!j.is_object()) throw InputError("experiment", shortDump(j), "a JSON object with knob names as keys");
    Experiment e = defaults();
    for (const auto& [key, value] : j.items()) {
        if (key == "schema") {
            if (!value.is_number_integer() || value.get<int64_t>() != kExperimentSchema)
                throw InputError("schema", shortDump(value), std::to_string(kExperimentSchema));
        } else if (key == "sweep") {
            e.sweep = sweepFromJson(value);
        } else if (key == "preset") {
            e.preset = presetFromJson(value);
        } else if (key == "calibration") {
            e.calibration = calibrationFromJson(value);
        } else {
            const Knob* k = findKnob(key);
            if (!k) throw InputError(key, shortDump(value), "a known key: " + knownKeys());
            setKnob(e, key, textOf(*k, key, value));
        }
    }
    validateExperiment(e);
    return e;
}

Experiment loadExperimentFile(const std::string& path) {
    const json j = parseJsonLimited(readFileLimited(path, kMaxJsonBytes, "an experiment file"), path);
    try {
        return experimentFromJson(j);
    } catch (const InputError& ex) {
        rethrowInFile(path, ex);
    }
}

std::string experimentFileText(const Experiment& experiment) {
    return toJson(experiment).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void saveExperimentFile(const std::string& path, const Experiment& experiment) {
    writeFileAtomically(path, experimentFileText(experiment));
}

} // namespace oversub
