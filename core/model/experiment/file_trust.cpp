#include "experiment/file_trust.h"

#include "util/input_error.h"

#include <algorithm>

namespace oversub {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

std::vector<std::string> commandsOf(const Experiment& experiment) {
    std::vector<std::string> out;
    auto add = [&](const std::string& command) {
        if (!command.empty() && !contains(out, command)) out.push_back(command);
    };
    add(experiment.command);
    for (const auto& axis : experiment.sweep.axes)
        if (axis.knob == "command")
            for (const auto& value : axis.values) add(value);
    return out;
}

void requireCommandConsent(const Experiment& experiment, const CommandConsent& consent, const std::string& source) {
    if (consent.allowed) return;
    for (const auto& command : commandsOf(experiment)) {
        if (contains(consent.typed, command) || contains(consent.trusted, command)) continue;
        throw InputError("command", command,
                         "pass --allow-command to run the program " + source +
                             " names (a file, a preset with an overridden resources folder or a sweep never starts "
                             "a program without consent)");
    }
}

void refuseFaultFrom(const Experiment& experiment, const std::string& source) {
    const bool swept = std::any_of(experiment.sweep.axes.begin(), experiment.sweep.axes.end(),
                                   [](const SweepAxis& axis) { return axis.knob == "fault"; });
    if (experiment.fault.empty() && !swept) return;
    throw InputError("fault", swept ? std::string("(a sweep axis)") : experiment.fault,
                     "nothing in " + source +
                         ": the fault knob makes workers fail on purpose and is given only as "
                         "--fault on the command line, for tests");
}

} // namespace oversub
