// Cross-knob validation of an experiment.

#include "experiment/experiment.h"

#include "experiment/sweep.h"
#include "knobs/fault.h"
#include "util/input_error.h"

namespace oversub {

void validateSinglePoint(const Experiment& e) {
    if (e.affinity == AffinityPolicy::Custom && e.cpus.empty())
        throw InputError("cpus", "", "one cpu list per worker (e.g. \"0;1\") when affinity is custom");
    // Ignoring it silently would run the workers somewhere the user did not ask for.
    if (e.affinity != AffinityPolicy::Custom && !e.cpus.empty())
        throw InputError("cpus", e.cpus,
                         "nothing unless affinity is custom (affinity " + std::string(toString(e.affinity)) +
                             " chooses the PUs itself): set affinity to custom, or leave cpus empty");
    // Nothing would choose the tasks: duration is what turns tasks 0 into a count.
    if (e.tasks == 0 && e.durationSeconds <= 0)
        throw InputError("tasks", "0",
                         "1-1000000, or 0 with a duration above 0 (duration is 0 here, so nothing chooses the tasks)");
    // A program of the user's cannot be probed: its {tasks} must be given.
    if (e.tasks == 0 && !e.command.empty() && e.command.find("{tasks}") != std::string::npos)
        throw InputError("tasks", "0",
                         "1-1000000 when the command uses {tasks} (duration calibrates built-in kernels only)");
    if (auto fault = parseFault(e.fault); fault && fault->worker >= e.workers)
        throw InputError("fault", e.fault, "a worker below workers=" + std::to_string(e.workers));
}

void validateExperiment(const Experiment& e) {
    if (e.sweep.empty()) validateSinglePoint(e);
    else expandPoints(e, e.sweep); // validates the axes and every point
}

} // namespace oversub
