#pragma once
// What an experiment read from a file or a preset may not do on its own:
// start a program, or set the test-only `fault` knob. One decision that the
// CLI (--allow-command, --fault) and the window (its consent dialog) both
// take from here, so no path to execution skips it (docs/experiment-file.md,
// "Programs and consent").

#include "experiment/experiment.h"

#include <string>
#include <vector>

namespace oversub {

// Every program the experiment would start: its `command` and every value
// of a swept `command` axis, in that order, without repeats or empty ones.
std::vector<std::string> commandsOf(const Experiment& experiment);

// Where a program's consent can come from.
struct CommandConsent {
    bool allowed = false; // --allow-command, or the window's dialog answered yes
    std::vector<std::string> typed; // command lines the user typed (--command on the CLI)
    std::vector<std::string> trusted; // command lines of a built-in preset, as shipped
};

// Throws InputError naming `command`, the first program without consent and
// `source` (the file or preset it came from), unless each is allowed, typed
// or trusted.
void requireCommandConsent(const Experiment& experiment, const CommandConsent& consent, const std::string& source);

// The `fault` knob makes workers fail on purpose: tests set it with --fault;
// a file or preset that sets it (or sweeps it) is refused, naming `source`.
void refuseFaultFrom(const Experiment& experiment, const std::string& source);

} // namespace oversub
