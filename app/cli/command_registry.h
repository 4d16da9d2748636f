#pragma once
// Each subcommand of oversub-cli lives in its own cmd_*.cpp and registers
// itself here at static-initialisation time; main.cpp only builds the app
// from the registry. Keeps CLI11 out of core and every command self-contained.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace oversub::cli {

// Adds the subcommand to `app` and returns a function that runs it once
// parsing succeeded; the function returns the process exit status.
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct CommandEntry {
    std::string name;
    int order; // position in --help
    CommandSetup setup;
};

std::vector<CommandEntry>& commandRegistry();

struct RegisterCommand {
    RegisterCommand(std::string name, int order, CommandSetup setup) {
        commandRegistry().push_back({std::move(name), order, std::move(setup)});
    }
};

} // namespace oversub::cli
