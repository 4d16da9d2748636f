#pragma once
// One sweep from an already-parsed experiment: shared by `sweep` and by `run`
// when its flags, file or preset vary a knob.

#include "experiment/experiment.h"
#include "run_output.h"

#include <string>

namespace oversub::cli {

// Runs every point of `base`'s sweep; `presetName` (may be "") adds the
// preset's question before and its verdicts and lesson after. Returns the
// process exit status; throws InputError for bad input before anything runs.
int runSweepCommand(const Experiment& base, const std::string& presetName, const OutputPaths& outputs,
                    bool keepGoing);

} // namespace oversub::cli
