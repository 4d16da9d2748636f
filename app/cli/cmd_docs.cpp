// `oversub-cli docs man | window-man HELP | bash-completion`: the manual
// pages and the bash completion, printed from the command tree this program
// parses with and from the knob table (cli_docs.h). Hidden from --help: the
// build runs it (app/CMakeLists.txt) and installs what it prints.

#include "command_registry.h"

#include "cli_docs.h"
#include "util/exit_code.h"
#include "util/input_error.h"

#include <fstream>
#include <iostream>
#include <iterator>

namespace oversub::cli {
namespace {

std::string readAll(const std::string& path) {
    if (path == "-") return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    std::ifstream in(path);
    if (!in) throw InputError("HELP", path, "a readable file with the output of `oversub --help`, or -");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const RegisterCommand registerDocs{
    "docs", 200, [](CLI::App& app) -> std::function<int()> {
        CLI::App* docs = app.add_subcommand("docs", "print the manual pages or the bash completion");
        docs->group(""); // hidden: for the build, not for users
        docs->require_subcommand(1);
        CLI::App* man = docs->add_subcommand("man", "oversub-cli(1) in roff");
        CLI::App* windowMan = docs->add_subcommand("window-man", "oversub(1) in roff, from the window's --help");
        auto helpPath = std::make_shared<std::string>();
        windowMan->add_option("HELP", *helpPath, "file holding what `oversub --help` printed, or -")->required();
        CLI::App* completion = docs->add_subcommand("bash-completion", "the bash completion script for oversub-cli");
        return [&app, man, windowMan, completion, helpPath] {
            if (man->parsed()) std::cout << docs::manPage(app);
            else if (windowMan->parsed()) std::cout << docs::windowManPage(readAll(*helpPath));
            else if (completion->parsed()) std::cout << docs::bashCompletion(app);
            std::cout.flush();
            return toInt(std::cout ? ExitCode::Ok : ExitCode::IoError);
        };
    }};

} // namespace
} // namespace oversub::cli
