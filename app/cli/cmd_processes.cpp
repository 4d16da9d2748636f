// `oversub-cli processes [--filter TEXT] [--json]`: the processes one could
// attach to, like `ps -e -o pid,ppid,nlwp,args`: pid, parent, threads and
// command line. With --json it is what the window's "Attach to process..."
// list reads (events/process_list.h), so the window never reads /proc.

#include "command_registry.h"

#include "events/process_list.h"
#include "sampler/process_list_info.h"

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

namespace oversub::cli {
namespace {

struct ProcessesArgs {
    std::string filter;
    bool json = false;
};

// As ps does: a control byte in a command line becomes '?', so a process
// cannot send escape sequences to the reader's terminal.
std::string printable(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return text;
}

int runProcessesCommand(const ProcessesArgs& args) {
    const auto processes = sampler::filterProcesses(sampler::listProcessInfo(), args.filter);
    if (args.json) {
        std::cout << events::processListToJson(processes).dump() << '\n';
        return 0;
    }
    std::printf("%8s %8s %7s  %s\n", "PID", "PPID", "THREADS", "COMMAND");
    for (const auto& p : processes)
        std::printf("%8d %8d %7d  %s\n", p.pid, p.ppid, p.threads, printable(p.displayText()).c_str());
    return 0;
}

const RegisterCommand registerProcesses{
    "processes", 75, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<ProcessesArgs>();
        CLI::App* sub = app.add_subcommand(
            "processes", "List the running processes one could watch (pid, parent, threads, command line), "
                         "as `watch --pid` and the window's attach dialog see them.");
        sub->add_option("--filter", args->filter,
                        "Only processes whose pid, name or command line contains TEXT (case-insensitive)");
        sub->add_flag("--json", args->json,
                      "Print one JSON object {\"processes\":[{pid, ppid, name, cmdline, threads}, ...]}");
        return [args] { return runProcessesCommand(*args); };
    }};

} // namespace
} // namespace oversub::cli
