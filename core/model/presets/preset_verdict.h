#pragma once
// A preset tells the truth of the machine it ran on: each of its claims
// ("scatter is faster than single") is checked against the measured medians
// and reported as a plain sentence with the numbers, including when the
// textbook effect did not appear here.

#include "analysis/sweep_summary.h"
#include "presets/preset_library.h"

#include <string>
#include <vector>

namespace oversub::presets {

struct Verdict {
    PresetExpectation expectation;
    bool measured = false; // both points have a median wall time
    bool holds = false; // the claim held on this machine
    double pointSeconds = 0; // median wall of the point
    double baselineSeconds = 0;
    double ratio = 0; // baselineSeconds / pointSeconds (> 1: point faster)
    double thanRatio = 0; // scales-less: the same for thanPoint over thanBaseline
    std::string text; // one sentence with the numbers
};

// Within this band a difference is treated as noise ("about the same").
inline constexpr double kSameWithin = 0.05;

// A scales-less claim that did not hold is explained with the machine's
// bandwidth from the summary (one worker's triad GB/s against all PUs'):
// memory that still gives each added worker its own bandwidth cannot hold
// memory-bound work back.
std::vector<Verdict> checkExpectations(const Preset& preset, const analysis::SweepSummary& summary);

} // namespace oversub::presets
