#pragma once
// Which runs may be compared by speedup. A series is a set of points that
// differ only in the knobs that change parallelism (workers, threads):
// same workload, size, delivery, placement policy and data. Speedup,
// efficiency and Karp-Flatt are taken within a series only
// (docs/analysis.md, "Series and base point").

#include "experiment/experiment.h"
#include "experiment/sweep_spec.h"

#include <string>
#include <string_view>

namespace oversub {

// workers and threads.
bool isParallelismKnob(std::string_view knob);

// Knobs that tell series apart: every knob except the parallelism knobs and
// the ones that say how a point is run rather than what it runs (the "Run"
// group: repeat, warmup, timeout, rate).
bool isSeriesKnob(std::string_view knob);

// "workload=svd delivery=pipe": the point's values of the sweep's
// multi-value axes that are series knobs; "" when only parallelism varies.
std::string sweepSeriesName(const SweepSpec& spec, const Experiment& point);

// The values of every series knob: two runs with equal keys are one series.
std::string seriesKey(const Experiment& experiment);

} // namespace oversub
