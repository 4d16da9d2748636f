#pragma once
// Sweeps: any sweepable knob may take a list ("--workers 1,2,4 --threads 1,2")
// and the experiment runs once per point of the cartesian product. The text
// knob `command` may also be an axis, from an experiment file's list of whole
// command lines ({"knob": "command", "values": ["prog", "prog --cure"]}).
//
// Order: the first listed knob is the outermost loop (varies slowest), the
// last listed knob varies fastest. `--workers 1,2 --threads 1,2` gives
//   workers=1 threads=1, workers=1 threads=2, workers=2 threads=1, workers=2 threads=2.

#include "experiment/experiment.h"
#include "experiment/sweep_spec.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oversub {

// Most points one sweep may have (a typo like "1-1000000" must not fork forever).
inline constexpr size_t kMaxSweepPoints = 100000;

// One (knob name, list text) pair per flag or key, in the order given.
// Lists are split at ',' for sweepable number and choice knobs; other knobs
// take the whole text as one value (cpu lists contain commas themselves) and
// refuse lists. Every item is validated: InputError names the knob and item.
SweepSpec parseSweep(const std::vector<std::pair<std::string, std::string>>& lists);

// Splits "1, 2,4" into {"1", "2", "4"} after validating each against `knobName`.
std::vector<std::string> parseSweepList(std::string_view knobName, std::string_view listText);

// Checks the axes: known sweepable knobs (or command), at least one value each, valid values,
// no knob twice, at most kMaxSweepPoints points. Throws InputError.
void validateSweep(const SweepSpec& spec);

struct SweepPoint {
    int index = 0; // position in expansion order
    std::string label; // "workers=2 threads=1" (axes with more than one value); "" if none
    Experiment experiment; // base with this point's values, its own `sweep` empty
};

// The points of the sweep, each validated (validateSinglePoint).
std::vector<SweepPoint> expandPoints(const Experiment& base, const SweepSpec& spec);

// Same points without labels.
std::vector<Experiment> expand(const Experiment& base, const SweepSpec& spec);

// The experiment's own sweep (base.sweep), for a whole experiment file.
std::vector<SweepPoint> expandPoints(const Experiment& experiment);

// "workers=2 threads=1": the values `point` has for the spec's multi-value axes.
std::string pointLabel(const SweepSpec& spec, const Experiment& point);

// One axis value as labels show it: the value itself, or for a long one (a
// command line) the shortest words that tell it from the axis's other values.
std::string axisValueLabel(const SweepAxis& axis, const std::string& value);

} // namespace oversub
