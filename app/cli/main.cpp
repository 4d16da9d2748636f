// oversub-cli: the headless engine front end. Subcommands register themselves
// (command_registry.h); this file parses, dispatches and maps errors to exit
// statuses.

#include "command_registry.h"
#include "version_text.h"

#include "util/exit_code.h"
#include "util/input_error.h"
#include "util/output_file.h"

#include <algorithm>
#include <iostream>

namespace oversub::cli {
std::vector<CommandEntry>& commandRegistry() {
    static std::vector<CommandEntry> registry;
    return registry;
}
} // namespace oversub::cli

int main(int argc, char** argv) {
    using namespace oversub;
    CLI::App app{"oversub-cli: run oversubscription experiments in pinned worker processes "
                 "and report what every core and thread did."};
    // "name: value" lines: the version, OpenBLAS and hwloc (version_text.h).
    app.set_version_flag("--version", [] { return cli::versionText(); });
    app.require_subcommand(1);

    auto entries = cli::commandRegistry();
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
    std::vector<std::pair<CLI::App*, std::function<int()>>> runners;
    for (auto& entry : entries) {
        const size_t before = app.get_subcommands({}).size();
        auto run = entry.setup(app);
        auto subs = app.get_subcommands({});
        if (subs.size() > before) runners.emplace_back(subs.back(), std::move(run));
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" with status 0; print them as CLI11 does.
        if (e.get_exit_code() == 0) return app.exit(e);
        // Everything else is bad input: one line, naming what was wrong.
        std::cerr << "oversub-cli: " << e.what() << " (see --help)\n";
        return toInt(ExitCode::BadInput);
    }

    try {
        for (auto& [sub, run] : runners)
            if (sub->parsed()) return run();
    } catch (const InputError& e) {
        std::cerr << "oversub-cli: " << e.what() << '\n';
        return toInt(ExitCode::BadInput);
    } catch (const OutputError& e) {
        std::cerr << "oversub-cli: " << e.what() << '\n';
        return toInt(ExitCode::IoError);
    } catch (const std::exception& e) {
        std::cerr << "oversub-cli: " << e.what() << '\n';
        return toInt(ExitCode::RunFailed);
    }
    return toInt(ExitCode::BadInput);
}
