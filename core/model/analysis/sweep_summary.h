#pragma once
// Everything `sweep` (and `run --repeat`) reports at the end, computed once in
// core so the CLI table, the results JSON and the window show the same
// numbers: per point the wall-time statistics of its measured runs, speedup,
// efficiency and Karp-Flatt; the Amdahl fit; the bandwidth ceiling; the
// findings of the runs (once per point) and of the sweep as a whole.

#include "analysis/advisor.h"
#include "analysis/speedup.h"
#include "analysis/statistics.h"
#include "events/finding.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace oversub::analysis {

// What the runs of one sweep point gave (warm-ups left out by the caller).
struct PointRuns {
    std::string label; // "workers=2 threads=1"; "" for a single point
    int workers = 1;
    int threadsPerWorker = 1;
    std::string series; // other knobs that vary ("delivery=pipe"), see ScalingPoint
    std::vector<double> wallSeconds; // successful measured runs
    std::vector<double> timedSeconds; // the same runs' timed interval (wall - prepare): speedups use it
    std::vector<double> gbps; // the same runs' GB/s (0 = not counted)
    int runs = 0; // measured runs attempted
    int failedRuns = 0;
    std::string firstError; // message of the first failure
    std::vector<Finding> runFindings; // every finding of every measured run
};

// A run finding with how many of the point's runs reported it.
struct PointFinding {
    Finding finding; // the first run's wording and evidence
    int runs = 0;
};

struct PointSummary {
    std::string label;
    std::string series;
    int workers = 1;
    int threadsPerWorker = 1;
    int resources = 1;
    int runs = 0;
    int failedRuns = 0;
    bool aboveAllowedPus = false; // workers x threads > allowed PUs
    std::optional<Summary> wallSeconds; // nullopt when no run succeeded
    std::optional<Summary> timedSeconds; // the interval speedups use; nullopt when no run succeeded
    std::optional<Summary> gbps; // nullopt when the workload counts no bytes
    std::optional<PointScaling> scaling;
    std::vector<PointFinding> findings;
};

struct BandwidthContext {
    std::optional<double> machineGbps; // measured triad bandwidth of the machine
    std::optional<double> oneWorkerGbps; // the probe's one-worker triad bandwidth
};

// Speedups are taken within a series: the points that differ only in
// workers and threads, each series against its own base point.
struct SeriesSummary {
    std::string name; // "workload=svd"; "" when only workers and threads vary
    std::string baseLabel; // the base point, also when it failed
    bool baseFailed = false; // no run of the base point succeeded: no speedups
    std::string baseDescription; // "speedup against the 1x1 point (...)", or why there is none
    std::optional<AmdahlFit> amdahl;
    std::string amdahlNote;
};

struct SweepSummary {
    std::vector<PointSummary> points;
    int allowedPus = 0;
    std::vector<SeriesSummary> series; // in the order their first point appears
    // With one series, its base and fit; with several, empty (see `series`).
    std::string baseLabel;
    std::string baseDescription;
    std::optional<AmdahlFit> amdahl;
    std::string amdahlNote;
    std::optional<double> machineGbps;
    std::optional<double> oneWorkerGbps; // the base point's if it is 1x1 and counts bytes, else the probe's
    std::optional<double> bandwidthCeiling; // machineGbps / oneWorkerGbps
    std::vector<Finding> findings; // sweep-level: run-failed, slower-than-serial, good-scaling
};

// Builds the summary. Points without a successful run get no statistics and
// take no part in the speedup models; a series whose base point failed gets
// no speedups at all. `warmupRuns` (-1: unknown) lets the superlinear
// finding name a cold base.
SweepSummary summarizeSweep(const std::vector<PointRuns>& points, int allowedPus,
                            const BandwidthContext& bandwidth = {}, int warmupRuns = -1);

// {"allowed_pus", "base", "base_description", "points": [{label, series,
// workers, threads, resources, runs, failed_runs, above_allowed_pus, wall_s:
// {count, median, min, max, mean, stddev}, timed_s: {...}, gbps: {...},
// speedup, speedup_low, speedup_high, efficiency (null where parallelism did
// not change), karp_flatt, is_base, findings: [{..., runs}]}],
// "series": [{name, base, base_failed, base_description, amdahl, amdahl_note}],
// "amdahl": {serial_fraction, low, high, from_fastest, from_slowest,
// standard_error, points_used, base_resources} | null, "amdahl_note",
// "bandwidth": {machine_gbps, one_worker_gbps, ceiling} , "findings": [...]}
nlohmann::json toJson(const SweepSummary& summary);
nlohmann::json toJson(const Summary& summary);

} // namespace oversub::analysis
