// `oversub-cli sweep --workers 1,2,4 --threads 1,2 [--repeat 3] [--warmup 1]
// [any knob flag, lists allowed] [--experiment FILE | --preset NAME] [--events FILE|-]
// [--out FILE.json] [--csv FILE.csv] [--fail-fast]`: the command line of
// runSweepCommand (sweep_command.h).

#include "command_registry.h"
#include "engine_reexec.h"
#include "knob_flags.h"
#include "run_output.h"
#include "sweep_command.h"

#include <memory>

namespace oversub::cli {
namespace {

struct SweepArgs {
    std::unique_ptr<KnobFlags> knobs; // --workers 1,2,4 and every other knob, lists allowed
    OutputPaths outputs;
    FailurePolicy failure;
};

const RegisterCommand registration{
    "sweep", 30, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<SweepArgs>();
        auto* sub = app.add_subcommand(
            "sweep", "Run the product of knob lists (--workers 1,2,4 --threads 1,2) with repetitions; print "
                     "median/min/max wall time, speedup, efficiency, Karp-Flatt, an Amdahl fit and findings");
        args->knobs = std::make_unique<KnobFlags>(*sub);
        addOutputFlags(*sub, args->outputs);
        sub->add_flag("--quiet", args->outputs.quiet, "No progress line and no summary table");
        addFailurePolicyFlags(*sub, args->failure);
        return [args] {
            reexecWithSingleThreadedBlasIfNeeded();
            return runSweepCommand(args->knobs->experiment(), args->knobs->presetName(), args->outputs,
                                   !args->failure.failFast, warmupAsked(*args->knobs));
        };
    }};

} // namespace
} // namespace oversub::cli
