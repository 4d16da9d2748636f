#pragma once
// The reference every delivery mode must match: all tasks of an experiment
// run one after another in this process, with the same per-task seeds, and
// their checksums summed in task order (exactly as the conductor sums them).

#include "experiment/experiment.h"

namespace oversub::conductor {

double serialChecksum(const Experiment& experiment);

} // namespace oversub::conductor
