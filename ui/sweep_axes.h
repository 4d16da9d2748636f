#pragma once
// What the panel needs to let the user sweep any sweepable knob: which knobs
// may become axes (from core's knob table), a hint of a list for each, and
// the live count of points and runs a sweep will make.

#include "experiment/experiment.h"

#include <QString>

#include <string>
#include <vector>

namespace oversub::ui {

// Visible sweepable knobs in knob-table order (workers, threads, delivery, ...).
std::vector<std::string> sweepableKnobNames();

// "e.g. pipe,shm" for a choice knob, "e.g. 1,2,4" for a number: a list the
// knob would accept, shown as the empty field's placeholder.
QString sweepListExample(const std::string& knobName);

struct SweepCount {
    long long points = 1;
    int runsPerPoint = 1; // warmup + repeat
    long long runs() const { return points * runsPerPoint; }
};

// Points of `experiment.sweep` (1 when it has no axes) and runs per point.
SweepCount sweepCount(const Experiment& experiment);

// "3 points x 2 runs each = 6 runs (1 warm-up + 1 measured)"; plain singular/plural.
QString sweepCountText(const SweepCount& count, int warmup);

} // namespace oversub::ui
