// CLI flags generated from the knob table (see knob_flags.h).

#include "knob_flags.h"

#include "experiment/file_trust.h"
#include "experiment/sweep.h"
#include "external/resources_dir.h"
#include "knobs/knob_table.h"
#include "util/input_error.h"

#include <algorithm>

namespace oversub::cli {

namespace {

PresetLoader& presetLoader() {
    static PresetLoader loader;
    return loader;
}

std::string describe(const Knob& k) {
    std::string text(k.help);
    if (!k.unit.empty()) text += " [" + std::string(k.unit) + "]";
    if (k.kind != KnobKind::Text) text += "; allowed: " + k.allowedText();
    if (!k.defaultValue.empty()) text += "; default " + std::string(k.defaultValue);
    if (k.sweepable) text += "; a list \"a,b,c\" sweeps it";
    return text;
}

std::string typeName(const Knob& k) {
    switch (k.kind) {
    case KnobKind::Int: return "INT";
    case KnobKind::Double: return "NUM";
    case KnobKind::Choice: return "CHOICE";
    case KnobKind::CpuLists: return "LISTS";
    case KnobKind::Bool: return "BOOL";
    case KnobKind::Text: return "TEXT";
    }
    return "TEXT";
}

} // namespace

void setPresetLoader(PresetLoader loader) { presetLoader() = std::move(loader); }

KnobFlags::KnobFlags(CLI::App& command) : command_(command) {
    for (const auto& k : knobTable()) {
        const std::string name(k.name);
        CLI::Option* option = command.add_option(k.flag(), text_[name], describe(k));
        option->type_name(typeName(k) + (k.sweepable ? "[,...]" : ""));
        option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
        option->group(k.hidden ? "" : "Knobs: " + std::string(k.group));
        knobOfOption_[option] = name;
    }
    command.add_option("--experiment", experimentFile_, "experiment file (JSON) to start from; flags override it")
        ->type_name("FILE");
    command.add_option("--preset", presetName_, "teaching preset to start from; flags override it")
        ->type_name("NAME")
        ->excludes("--experiment");
    command.add_flag("--allow-command", allowCommand_,
                     "let an --experiment file run the program in its \"command\" field");
}

std::vector<std::pair<std::string, std::string>> KnobFlags::givenInOrder() const {
    std::vector<std::pair<std::string, std::string>> given;
    for (const CLI::Option* option : command_.parse_order()) {
        auto it = knobOfOption_.find(option);
        if (it == knobOfOption_.end()) continue;
        std::erase_if(given, [&](const auto& g) { return g.first == it->second; }); // last one wins
        given.emplace_back(it->second, text_.at(it->second));
    }
    return given;
}

Experiment KnobFlags::experiment() const {
    Experiment e = defaults();
    // Programs need consent unless typed here or shipped in a built-in
    // preset whose scripts are the ones Oversub installed (file_trust.h).
    CommandConsent consent;
    consent.allowed = allowCommand_;
    std::string source = "the command line";
    if (!experimentFile_.empty()) {
        e = loadExperimentFile(experimentFile_);
        source = experimentFile_;
        refuseFaultFrom(e, source);
    } else if (!presetName_.empty()) {
        if (!presetLoader()) throw InputError("preset", presetName_, "no presets are installed in this build");
        e = presetLoader()(presetName_);
        source = "preset " + presetName_;
        refuseFaultFrom(e, source);
        if (resourcesOverridden()) source += " with OVERSUB_RESOURCES=" + resourcesDir();
        else consent.trusted = commandsOf(e);
    }
    for (const auto& [name, text] : givenInOrder()) {
        if (name == "command") consent.typed = parseSweepList(name, text);
        auto& axes = e.sweep.axes;
        // Named capture: clang 14 cannot capture a structured binding.
        auto axis =
            std::find_if(axes.begin(), axes.end(), [&, &knob = name](const SweepAxis& a) { return a.knob == knob; });
        std::vector<std::string> values = parseSweepList(name, text);
        if (values.size() == 1) {
            setKnob(e, name, values.front());
            if (axis != axes.end()) axes.erase(axis);
        } else if (axis != axes.end()) {
            axis->values = std::move(values);
        } else {
            axes.push_back({name, std::move(values)});
        }
    }
    requireCommandConsent(e, consent, source);
    validateExperiment(e);
    return e;
}

} // namespace oversub::cli
