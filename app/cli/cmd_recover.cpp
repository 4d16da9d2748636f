// `oversub-cli recover JOURNAL [--out FILE.json] [--csv FILE.csv]`: reads the
// journal a `run`/`sweep --journal` left behind (after a crash or a clean
// finish), says how many runs completed and whether one was interrupted, and
// writes those runs with the same exports as `run` and `sweep`.

#include "command_registry.h"

#include "export/journal.h"
#include "export/results.h"
#include "util/exit_code.h"
#include "util/output_file.h"

#include <iostream>
#include <memory>
#include <string>

namespace oversub::cli {
namespace {

struct RecoverArgs {
    std::string journalPath;
    std::string outPath;
    std::string csvPath;
};

int recoverCommand(const RecoverArgs& args) {
    if (!args.outPath.empty()) checkOutputPath("--out", args.outPath, OutputWrite::Replace);
    if (!args.csvPath.empty()) checkOutputPath("--csv", args.csvPath, OutputWrite::Replace);
    const JournalRecovery recovery = readJournal(args.journalPath); // InputError -> exit 2, path named

    std::cout << "recovered " << recovery.runsCompleted << " completed run" << (recovery.runsCompleted == 1 ? "" : "s");
    if (recovery.runsPlanned > 0) std::cout << " of " << recovery.runsPlanned << " planned";
    std::cout << " from " << args.journalPath;
    if (recovery.finished) std::cout << " (the invocation finished)";
    else if (recovery.runsIncomplete > 0)
        std::cout << "; " << recovery.runsIncomplete << " run" << (recovery.runsIncomplete == 1 ? " was" : "s were")
                  << " interrupted and not recovered";
    else std::cout << "; the invocation did not finish";
    std::cout << '\n';
    if (recovery.tornLastLine) std::cout << "the last line was cut off by the crash and was ignored\n";
    if (recovery.badLines > 0) std::cout << recovery.badLines << " unreadable line(s) were skipped\n";
    if (recovery.earlierSessions > 0)
        std::cout << "the journal holds " << recovery.earlierSessions
                  << " earlier invocation(s); only the last one was recovered\n";

    if (!args.outPath.empty()) writeResultsJson(args.outPath, recovery.results); // OutputError -> exit 7
    if (!args.csvPath.empty()) writeResultsCsv(args.csvPath, recovery.results);
    return toInt(ExitCode::Ok);
}

const RegisterCommand registration{
    "recover", 35, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<RecoverArgs>();
        auto* sub = app.add_subcommand("recover", "Rebuild the results of a run or sweep from its --journal "
                                                  "(after a crash): the completed runs, written as JSON/CSV");
        sub->add_option("journal", args->journalPath, "The journal file written by run/sweep --journal")->required();
        sub->add_option("--out", args->outPath, "Write the recovered results as JSON to FILE (atomically)");
        sub->add_option("--csv", args->csvPath, "Write one CSV row per recovered run to FILE (atomically)");
        return [args] { return recoverCommand(*args); };
    }};

} // namespace
} // namespace oversub::cli
