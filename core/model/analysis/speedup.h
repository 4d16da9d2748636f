#pragma once
// Speedup models for a series of sweep points: speedup against a base point,
// efficiency, the Karp-Flatt serial fraction and a least-squares Amdahl fit,
// plus the bandwidth ceiling of memory-bound work. docs/analysis.md gives the
// formulas and the reasons behind each choice.
//
// Resources of a point: p = workers x BLAS threads per worker, the number of
// compute threads the experiment asked for (not the PUs it got), so that
// oversubscription shows up as lost efficiency.

#include "analysis/statistics.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oversub::analysis {

struct ScalingPoint {
    std::string label; // e.g. "workers=2 threads=1"
    int workers = 1;
    int threadsPerWorker = 1;
    // The timed interval (wall minus prepare, docs/architecture.md "Timing")
    // of the measured repetitions.
    Summary seconds;
    // Values of every other knob that varies in the sweep ("delivery=pipe").
    // analyzeScaling expects one series; analyzeSeries splits by it.
    std::string series;
};

struct PointScaling {
    std::string label;
    int workers = 1;
    int threadsPerWorker = 1;
    int resources = 1; // workers x threadsPerWorker
    double speedup = 1; // base median time / this median time
    double speedupLow = 1; // base median time / this point's slowest repetition
    double speedupHigh = 1; // base median time / this point's fastest repetition
    // speedup / (resources / base resources); none where the parallelism did
    // not change (resources == base resources): it would only restate the speedup.
    std::optional<double> efficiency;
    std::optional<double> karpFlatt; // needs a serial base (1 resource) and resources > 1
    bool slowerThanBase = false; // speedupHigh < 1: even the fastest repetition was slower
    bool isBase = false;
};

// SerialPoint: the series' first 1x1 point. FewestResources: no 1x1 point,
// the first point with the fewest workers x threads.
enum class BaseChoice { SerialPoint, FewestResources };

struct AmdahlFit {
    double serialFraction = 0; // f in [0, 1], fitted through the median speedups
    double low = 0, high = 0; // range of f: see docs/analysis.md
    double fromFastest = 0; // f fitted through every point's fastest repetition
    double fromSlowest = 0; // f fitted through every point's slowest repetition
    std::optional<double> standardError; // needs two or more points besides the base
    std::size_t pointsUsed = 0; // points with resources != base resources
    int baseResources = 1;
};

struct ScalingAnalysis {
    std::size_t baseIndex = 0;
    BaseChoice baseChoice = BaseChoice::FewestResources;
    std::vector<PointScaling> points; // same order as the input
    std::optional<AmdahlFit> amdahl;
    std::string amdahlNote; // why there is no fit, when there is none

    // One sentence naming the base point and why it was chosen.
    std::string baseDescription() const;
};

// Speedups within one series. The base is the first 1x1 point if there is
// one, else the first point with the fewest workers x threads. With
// `allowedPus` > 0, points asking for more workers x threads than that stay
// out of the Amdahl fit (they still get speedups). Throws InputError when
// `points` is empty or a time is not positive.
ScalingAnalysis analyzeScaling(std::span<const ScalingPoint> points, int allowedPus = 0);

// Index of the base point among `points` by the rule above.
std::size_t basePointIndex(std::span<const ScalingPoint> points);

// Karp-Flatt experimentally determined serial fraction
// e = (1/S - 1/p) / (1 - 1/p). Throws InputError unless p > 1 and S > 0.
double karpFlatt(double speedup, double resources);

// Amdahl's law S(p) = 1 / (f + (1 - f) / p).
double amdahlSpeedup(double serialFraction, double resources);

struct SpeedupObservation {
    double resources = 1;
    double speedup = 1;
};

struct AmdahlLeastSquares {
    double serialFraction = 0;
    std::optional<double> standardError;
    std::size_t pointsUsed = 0;
};

// Least-squares f in [0, 1] for speedups measured against a base point with
// `baseResources` (1 for a serial base): the model is
// S(p) = amdahlSpeedup(f, p) / amdahlSpeedup(f, baseResources).
// Observations at p == baseResources carry no information and are skipped.
// Throws InputError when no observation is left or one is not positive.
AmdahlLeastSquares fitAmdahl(std::span<const SpeedupObservation> observations, double baseResources = 1);

// How far memory-bound work can scale on this machine: the machine's triad
// bandwidth over the bandwidth one worker reaches alone. Throws InputError
// unless both are positive.
double bandwidthCeiling(double machineGbps, double oneWorkerGbps);

} // namespace oversub::analysis
