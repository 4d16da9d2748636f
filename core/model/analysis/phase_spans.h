#pragma once
// Where a run's phases lie on its own clock (seconds since run start, the
// clock its samples' t_s use), for marks on a time axis: prepare (inputs
// built), spawn (first fork to the workers ready), compute (the tasks:
// delivery, compute, collect and the workers' waits, which interleave and so
// share one span) and teardown (release to the last worker reaped). run_done's
// phases hold durations; spawn is the mean over the workers, so the compute
// span starts when the mean worker was ready.

#include "events/event_kinds.h"

#include <string>
#include <vector>

namespace oversub::analysis {

struct PhaseSpan {
    std::string name; // "prepare", "spawn", "compute", "teardown"
    double beginSeconds = 0;
    double endSeconds = 0;
    bool operator==(const PhaseSpan&) const = default;
};

// The four spans in order, back to back from 0 to wall_s. Durations that
// do not fit the wall time (a file from an older engine, rounding) are
// clamped so every span lies within [0, wall_s]; spans may be empty.
std::vector<PhaseSpan> phaseSpans(const events::Phases& phases, double wallSeconds);

} // namespace oversub::analysis
