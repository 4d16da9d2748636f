// `oversub-cli knobs [--json] [--all]`: every knob with its kind, range or
// choices, default, unit and help, straight from the knob table.
// `oversub-cli knobs resolve [knob flags] [--experiment FILE] [--points]`:
// the experiment those flags and that file make (validated, nothing run), as
// JSON, or its sweep points one label a line; exit status 2 on bad input.

#include "command_registry.h"

#include "experiment/sweep.h"
#include "knob_flags.h"
#include "knobs/knob_table.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace oversub::cli {
namespace {

nlohmann::ordered_json knobJson(const Knob& k) {
    nlohmann::ordered_json j{{"name", k.name}, {"flag", k.flag()}, {"kind", toString(k.kind)}, {"group", k.group}};
    if (k.kind == KnobKind::Int) {
        j["min"] = static_cast<int64_t>(k.min);
        j["max"] = static_cast<int64_t>(k.max);
        j["default"] = std::stoll(std::string(k.defaultValue));
    } else if (k.kind == KnobKind::Double) {
        j["min"] = k.min;
        j["max"] = k.max;
        j["default"] = std::stod(std::string(k.defaultValue));
    } else {
        j["default"] = k.defaultValue;
    }
    if (!k.choices.empty()) j["choices"] = k.choices;
    j["allowed"] = k.allowedText();
    j["unit"] = k.unit;
    j["sweepable"] = k.sweepable;
    j["hidden"] = k.hidden;
    j["help"] = k.help;
    return j;
}

void printText(bool all) {
    std::string_view group;
    for (const auto& k : knobTable()) {
        if (k.hidden && !all) continue;
        if (k.group != group) {
            group = k.group;
            std::cout << (group == knobTable().front().group ? "" : "\n") << group << '\n';
        }
        std::string line = "  " + k.flag();
        line.resize(std::max<size_t>(line.size() + 1, 16), ' ');
        line += std::string(toString(k.kind));
        line.resize(std::max<size_t>(line.size() + 1, 27), ' ');
        line += k.allowedText();
        if (!k.defaultValue.empty()) line += "   default " + std::string(k.defaultValue);
        if (!k.unit.empty()) line += " " + std::string(k.unit);
        if (k.sweepable) line += "   (list ok in sweep)";
        if (k.hidden) line += "   (hidden)";
        std::cout << line << "\n                " << k.help << '\n';
    }
}

RegisterCommand registerKnobs("knobs", 90, [](CLI::App& app) -> std::function<int()> {
    struct Args {
        bool json = false;
        bool all = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd =
        app.add_subcommand("knobs", "list every experiment knob: kind, range or choices, default, unit, help");
    cmd->add_flag("--json", args->json, "print a JSON array instead of a table");
    cmd->add_flag("--all", args->all, "include hidden (test-only and reserved) knobs");
    cmd->require_subcommand(0, 1);
    CLI::App* resolve =
        cmd->add_subcommand("resolve", "print the experiment that these knob flags and file make (validated, not run)");
    auto flags = std::make_shared<KnobFlags>(*resolve);
    auto points = std::make_shared<bool>(false);
    resolve->add_flag("--points", *points, "print the sweep points' labels, one a line, instead of JSON");
    return [args, resolve, flags, points] {
        if (resolve->parsed()) {
            const Experiment e = flags->experiment();
            if (*points) {
                for (const auto& p : expandPoints(e)) std::cout << p.label << '\n';
            } else {
                std::cout << toJson(e).dump(2) << '\n';
            }
            return 0;
        }
        if (args->json) {
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (const auto& k : knobTable())
                if (!k.hidden || args->all) list.push_back(knobJson(k));
            std::cout << list.dump(2) << '\n';
        } else {
            printText(args->all);
        }
        return 0;
    };
});

} // namespace
} // namespace oversub::cli
