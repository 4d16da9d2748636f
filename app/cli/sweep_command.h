#pragma once
// One sweep from an already-parsed experiment: shared by `sweep` and by `run`
// when its flags, file or preset vary a knob.

#include "experiment/experiment.h"

#include <string>

namespace oversub::cli {

struct OutputPaths {
    std::string eventsPath; // "" none, "-" stdout
    std::string outPath;    // results JSON
    std::string csvPath;    // results CSV
    std::string journalPath;
    bool quiet = false;     // no progress line and no summary table
};

// Runs every point of `base`'s sweep; `presetName` (may be "") adds the
// preset's question before and its verdicts and lesson after. Returns the
// process exit status; throws InputError for bad input before anything runs.
int runSweepCommand(const Experiment& base, const std::string& presetName, const OutputPaths& outputs,
                    bool keepGoing);

} // namespace oversub::cli
