// The walk over CLI11's command tree that the manual page and the bash
// completion share (cli_docs.h).

#include "cli_docs.h"

#include "knobs/knob_table.h"

namespace oversub::cli::docs {

namespace {

// KnobFlags (knob_flags.cpp) puts every visible knob flag in a "Knobs: <group>" help group.
constexpr std::string_view kKnobGroupPrefix = "Knobs: ";

OptionDoc describe(const CLI::Option& option) {
    OptionDoc doc;
    for (const auto& name : option.get_snames()) doc.names.push_back("-" + name);
    for (const auto& name : option.get_lnames()) doc.names.push_back("--" + name);
    if (doc.names.empty()) {
        doc.positional = true;
        doc.names.push_back(option.get_name(true));
    }
    const std::string type = option.get_type_name(); // "TEXT:FILE": the type, then each validator's name
    doc.file = type.find("FILE") != std::string::npos;
    if (option.get_type_size_max() > 0) doc.valueName = doc.file ? "FILE" : type.substr(0, type.find(':'));
    doc.description = option.get_description();
    doc.defaultValue = option.get_default_str();
    doc.required = option.get_required();
    if (option.get_group().starts_with(kKnobGroupPrefix))
        for (const auto& k : knobTable())
            if (k.flag() == doc.names.back()) doc.knob = k.name;
    return doc;
}

CommandDoc describe(const CLI::App& app, const std::string& path) {
    CommandDoc doc;
    doc.path = path;
    doc.description = app.get_description();
    for (const CLI::Option* option : app.get_options())
        if (!option->get_group().empty()) doc.options.push_back(describe(*option));
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); }))
        doc.subcommands.push_back(sub->get_name());
    return doc;
}

void walk(const CLI::App& app, const std::string& path, std::vector<CommandDoc>& out) {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
        const std::string subPath = path.empty() ? sub->get_name() : path + " " + sub->get_name();
        out.push_back(describe(*sub, subPath));
        walk(*sub, subPath, out);
    }
}

} // namespace

std::vector<CommandDoc> walkCommands(const CLI::App& root) {
    std::vector<CommandDoc> out;
    walk(root, "", out);
    return out;
}

CommandDoc rootCommand(const CLI::App& root) { return describe(root, ""); }

std::string roffText(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\e";
        else out += c;
    }
    if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
    return out;
}

} // namespace oversub::cli::docs
