#include "analysis/speedup.h"

#include "util/input_error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace oversub::analysis {

namespace {

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// Speedup predicted by Amdahl's law relative to a base point with pb resources.
double modelSpeedup(double f, double p, double pb) { return amdahlSpeedup(f, p) / amdahlSpeedup(f, pb); }

double residualSquares(std::span<const SpeedupObservation> obs, double f, double pb) {
    double sum = 0;
    for (const auto& o : obs) {
        const double r = o.speedup - modelSpeedup(f, o.resources, pb);
        sum += r * r;
    }
    return sum;
}

// Minimises the residual sum of squares over [0, 1]: a coarse grid finds the
// basin (the sum need not be convex in f), golden-section search refines it.
double minimiseOnUnitInterval(std::span<const SpeedupObservation> obs, double pb) {
    constexpr int gridSteps = 2000;
    int best = 0;
    double bestValue = residualSquares(obs, 0.0, pb);
    for (int i = 1; i <= gridSteps; ++i) {
        const double v = residualSquares(obs, static_cast<double>(i) / gridSteps, pb);
        if (v < bestValue) {
            bestValue = v;
            best = i;
        }
    }
    double lo = std::max(0, best - 1) / static_cast<double>(gridSteps);
    double hi = std::min(gridSteps, best + 1) / static_cast<double>(gridSteps);
    const double ratio = (std::sqrt(5.0) - 1) / 2;
    double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
    double fa = residualSquares(obs, a, pb), fb = residualSquares(obs, b, pb);
    for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
        if (fa < fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - ratio * (hi - lo);
            fa = residualSquares(obs, a, pb);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + ratio * (hi - lo);
            fb = residualSquares(obs, b, pb);
        }
    }
    const double f = (lo + hi) / 2;
    // The ends of the interval are candidates too (the grid already saw them).
    const double atGrid = static_cast<double>(best) / gridSteps;
    return residualSquares(obs, f, pb) <= residualSquares(obs, atGrid, pb) ? f : atGrid;
}

} // namespace

double amdahlSpeedup(double serialFraction, double resources) {
    if (!(serialFraction >= 0 && serialFraction <= 1))
        throw InputError("serial_fraction", number(serialFraction), "0 to 1");
    if (!(resources >= 1)) throw InputError("resources", number(resources), "1 or more");
    return 1.0 / (serialFraction + (1.0 - serialFraction) / resources);
}

double karpFlatt(double speedup, double resources) {
    if (!(resources > 1)) throw InputError("resources", number(resources), "more than 1");
    if (!(speedup > 0) || !std::isfinite(speedup)) throw InputError("speedup", number(speedup), "a positive number");
    return (1.0 / speedup - 1.0 / resources) / (1.0 - 1.0 / resources);
}

AmdahlLeastSquares fitAmdahl(std::span<const SpeedupObservation> observations, double baseResources) {
    if (!(baseResources >= 1)) throw InputError("base_resources", number(baseResources), "1 or more");
    std::vector<SpeedupObservation> used;
    for (const auto& o : observations) {
        if (!(o.speedup > 0) || !std::isfinite(o.speedup))
            throw InputError("speedup", number(o.speedup), "a positive number");
        if (!(o.resources >= 1)) throw InputError("resources", number(o.resources), "1 or more");
        if (o.resources != baseResources) used.push_back(o);
    }
    if (used.empty())
        throw InputError("points", "none with resources other than the base's " + number(baseResources),
                         "at least one point with more or fewer workers x threads than the base");

    AmdahlLeastSquares fit;
    fit.pointsUsed = used.size();
    fit.serialFraction = minimiseOnUnitInterval(used, baseResources);
    if (used.size() >= 2) {
        // Linearised standard error: residual variance over the squared
        // sensitivity of the model to f, summed over the points.
        const double f = fit.serialFraction, h = 1e-6;
        double sensitivity = 0;
        for (const auto& o : used) {
            const double up = modelSpeedup(std::min(1.0, f + h), o.resources, baseResources);
            const double down = modelSpeedup(std::max(0.0, f - h), o.resources, baseResources);
            const double d = (up - down) / (std::min(1.0, f + h) - std::max(0.0, f - h));
            sensitivity += d * d;
        }
        const double variance = residualSquares(used, f, baseResources) / static_cast<double>(used.size() - 1);
        if (sensitivity > 0) fit.standardError = std::sqrt(variance / sensitivity);
    }
    return fit;
}

double bandwidthCeiling(double machineGbps, double oneWorkerGbps) {
    if (!(machineGbps > 0)) throw InputError("machine_gbps", number(machineGbps), "a positive bandwidth");
    if (!(oneWorkerGbps > 0)) throw InputError("one_worker_gbps", number(oneWorkerGbps), "a positive bandwidth");
    return machineGbps / oneWorkerGbps;
}

std::string ScalingAnalysis::baseDescription() const {
    if (points.empty()) return "no points";
    const auto& b = points[baseIndex];
    if (baseChoice == BaseChoice::SerialPoint) return "speedup against the 1x1 point (" + b.label + ")";
    return "speedup against " + b.label + ", the point with the fewest workers x threads: there is no 1x1 point";
}

std::size_t basePointIndex(std::span<const ScalingPoint> points) {
    std::size_t best = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (points[i].workers == 1 && points[i].threadsPerWorker == 1) return i;
        if (points[i].workers * points[i].threadsPerWorker < points[best].workers * points[best].threadsPerWorker)
            best = i;
    }
    return best;
}

ScalingAnalysis analyzeScaling(std::span<const ScalingPoint> points, int allowedPus) {
    if (points.empty()) throw InputError("points", "(none)", "at least one sweep point");
    for (const auto& p : points) {
        if (p.workers < 1) throw InputError("workers", std::to_string(p.workers), "1 or more");
        if (p.threadsPerWorker < 1) throw InputError("threads", std::to_string(p.threadsPerWorker), "1 or more");
        if (!(p.seconds.median > 0 && p.seconds.min > 0))
            throw InputError("timed_s", number(p.seconds.min), "positive times");
    }

    ScalingAnalysis out;
    out.baseIndex = basePointIndex(points);
    const ScalingPoint& base = points[out.baseIndex];
    out.baseChoice =
        base.workers == 1 && base.threadsPerWorker == 1 ? BaseChoice::SerialPoint : BaseChoice::FewestResources;
    const double baseTime = base.seconds.median;
    const int baseResources = base.workers * base.threadsPerWorker;

    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        PointScaling s;
        s.label = p.label;
        s.workers = p.workers;
        s.threadsPerWorker = p.threadsPerWorker;
        s.resources = p.workers * p.threadsPerWorker;
        s.isBase = i == out.baseIndex;
        s.speedup = baseTime / p.seconds.median;
        s.speedupLow = baseTime / p.seconds.max;
        s.speedupHigh = baseTime / p.seconds.min;
        if (s.resources != baseResources) s.efficiency = s.speedup * baseResources / s.resources;
        if (baseResources == 1 && s.resources > 1) s.karpFlatt = karpFlatt(s.speedup, s.resources);
        s.slowerThanBase = s.speedupHigh < 1; // even its fastest repetition lost to the base
        out.points.push_back(std::move(s));
    }

    // Amdahl's law is about threads that each have a PU: points asking for
    // more than the allowed PUs (oversubscribed) do not enter the fit.
    std::vector<SpeedupObservation> medians, fastest, slowest;
    bool leftOutAbovePus = false;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& s = out.points[i];
        if (allowedPus > 0 && s.resources > allowedPus && s.resources != baseResources) {
            leftOutAbovePus = true;
            continue;
        }
        medians.push_back({static_cast<double>(s.resources), s.speedup});
        fastest.push_back({static_cast<double>(s.resources), s.speedupHigh});
        slowest.push_back({static_cast<double>(s.resources), s.speedupLow});
    }
    const bool informative = std::any_of(medians.begin(), medians.end(),
                                         [&](const SpeedupObservation& o) { return o.resources != baseResources; });
    if (!informative) {
        out.amdahlNote =
            leftOutAbovePus
                ? "no Amdahl fit: every point with more workers x threads than the base asks "
                  "for more than the " +
                      std::to_string(allowedPus) + " allowed PUs (Amdahl's law assumes a PU a thread)"
                : "no Amdahl fit: every point has the base's workers x threads (" + std::to_string(baseResources) + ")";
        return out;
    }

    const auto central = fitAmdahl(medians, baseResources);
    AmdahlFit fit;
    fit.serialFraction = central.serialFraction;
    fit.standardError = central.standardError;
    fit.pointsUsed = central.pointsUsed;
    fit.baseResources = baseResources;
    fit.fromFastest = fitAmdahl(fastest, baseResources).serialFraction;
    fit.fromSlowest = fitAmdahl(slowest, baseResources).serialFraction;
    const double se = central.standardError.value_or(0);
    fit.low = std::clamp(std::min({fit.fromFastest, fit.fromSlowest, fit.serialFraction - se}), 0.0, 1.0);
    fit.high = std::clamp(std::max({fit.fromFastest, fit.fromSlowest, fit.serialFraction + se}), 0.0, 1.0);
    out.amdahl = fit;
    return out;
}

} // namespace oversub::analysis
