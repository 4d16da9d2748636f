#pragma once
// The probe behind `duration` (experiment/calibration.h): one task of a
// point's kernel is timed in the conductor itself, repeated until about
// kProbeBudgetSeconds have gone, before any worker exists; from it every
// point whose tasks is 0 gets the same task count, chosen so the slowest
// point (per PU it runs on) lasts about `duration`. Once per run or sweep:
// a sweep's points share one calibration.

#include "experiment/calibration.h"
#include "experiment/experiment.h"
#include "experiment/sweep.h"
#include "machine/topology.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace oversub::runner {

// Probing stops at the first task that ends past this (at least one task).
inline constexpr double kProbeBudgetSeconds = 0.15;

struct KernelProbe {
    double secondsPerTask = 0; // median of the tasks after the first (the first pays page faults), else the first
    double fillSeconds = 0; // building one input in fresh pages: the conductor's work per task
    double refillSeconds = 0; // building it again in the same pages: a generating worker's work per task
    int tasks = 0;
    double seconds = 0;
};

// Times tasks of `workload` at `size` and `iterations` with one BLAS thread
// (restored afterwards) until `budgetSeconds` have gone. Throws InputError for
// a size or iterations out of range.
KernelProbe probeKernel(Workload workload, int size, int iterations, uint64_t seed,
                        double budgetSeconds = kProbeBudgetSeconds);

// Calibrates every point with tasks 0 and a built-in kernel: each kernel
// (workload, size, iterations) is probed once; the point whose task time
// over the PUs it runs on is largest sets the count (a multiple of every
// calibrated point's workers, no more than memory and the tasks knob allow);
// every such point, and `base` when its tasks is 0, gets that count and the
// record. Returns the record, or nothing when no point needed one. Throws
// InputError (a point that cannot run, checked before probing).
std::optional<Calibration> calibratePoints(Experiment& base, std::vector<SweepPoint>& points, const Topology& topology);

// The same for a single experiment (a run started without a sweep).
std::optional<Calibration> calibrateExperiment(Experiment& experiment, const Topology& topology);

} // namespace oversub::runner
