// `oversub-cli presets [NAME] [--json]`: the teaching presets compiled into
// this build, with their story, question and lesson. Also installs the
// loader behind every command's --preset flag.

#include "command_registry.h"
#include "knob_flags.h"

#include "presets/preset_library.h"
#include "util/exit_code.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace oversub::cli {
namespace {

struct InstallPresetLoader {
    InstallPresetLoader() {
        setPresetLoader([](const std::string& name) { return presets::presetByName(name).experiment; });
    }
} installPresetLoader;

nlohmann::json presetJson(const presets::Preset& p) {
    nlohmann::json j = toJson(p.experiment);
    j["name"] = p.name;
    return j;
}

void printPreset(std::ostream& out, const presets::Preset& p, bool full) {
    out << p.name << "\n  " << p.title << '\n';
    if (!full) return;
    out << "\n  Story:    " << p.story << "\n\n  Question: " << p.question << "\n\n  Lesson:   " << p.lesson
        << "\n\n  Run it:   oversub-cli sweep --preset " << p.name << '\n';
}

const RegisterCommand registerPresets{
    "presets", 60, [](CLI::App& app) -> std::function<int()> {
        auto* cmd = app.add_subcommand("presets", "list the teaching presets, or show one with its story and lesson");
        auto name = std::make_shared<std::string>();
        auto json = std::make_shared<bool>(false);
        cmd->add_option("name", *name, "preset to show in full");
        cmd->add_flag("--json", *json, "print the preset experiment files as JSON");
        return [name, json]() {
            if (!name->empty()) {
                const auto& p = presets::presetByName(*name);
                if (*json) std::cout << presetJson(p).dump(2) << '\n';
                else printPreset(std::cout, p, true);
                return toInt(ExitCode::Ok);
            }
            if (*json) {
                auto all = nlohmann::json::array();
                for (const auto& p : presets::builtinPresets()) all.push_back(presetJson(p));
                std::cout << all.dump(2) << '\n';
            } else {
                for (const auto& p : presets::builtinPresets()) printPreset(std::cout, p, false);
                std::cout << "\nShow one with 'oversub-cli presets NAME'; run it with "
                             "'oversub-cli sweep --preset NAME'.\n";
            }
            return toInt(ExitCode::Ok);
        };
    }};

} // namespace
} // namespace oversub::cli
