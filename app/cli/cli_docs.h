#pragma once
// oversub-cli's manual page and bash completion, made from the CLI11 command
// tree the program parses with and from the knob table, so neither can list a
// subcommand, option, knob or choice the program does not have
// (`oversub-cli docs`, run by the build: app/CMakeLists.txt).

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace oversub::cli::docs {

struct OptionDoc {
    std::vector<std::string> names; // "--workers", "-h"; a positional: its name, e.g. "NAME"
    std::string valueName; // "INT[,...]", "FILE"; empty for a flag
    std::string description;
    std::string defaultValue; // CLI11's captured default, often empty
    std::string knob; // the knob this flag sets ("workers"), empty otherwise
    bool positional = false;
    bool required = false;
    bool file = false; // its value names a file
};

struct CommandDoc {
    std::string path; // "run", "knobs resolve"
    std::string description;
    std::vector<OptionDoc> options; // in definition order, hidden ones left out
    std::vector<std::string> subcommands; // visible children, by name
};

// Every visible subcommand under `root`, depth first in definition order
// (a subcommand in the help group "" is hidden and left out with its children).
std::vector<CommandDoc> walkCommands(const CLI::App& root);

// The root's own options (--help, --version).
CommandDoc rootCommand(const CLI::App& root);

// oversub-cli(1) in man(7) roff.
std::string manPage(const CLI::App& root);

// oversub(1), the window's page, from the text `oversub --help` prints
// (QCommandLineParser), so its options come from the window's own parser.
std::string windowManPage(const std::string& helpText);

// A bash completion script for oversub-cli: subcommands, options, knob flags
// and the values of choice knobs (also after a comma, for a sweep list).
std::string bashCompletion(const CLI::App& root);

// Roff-safe text: backslashes doubled, a leading '.' or '\'' made literal.
std::string roffText(const std::string& text);

} // namespace oversub::cli::docs
