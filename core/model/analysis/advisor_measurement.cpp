#include "analysis/advisor_measurement.h"

#include "analysis/advice_text.h"
#include "knobs/knob_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace oversub::analysis {

namespace {

bool streamsMemory(const RunEvidence& e) { return e.workload == "elementwise" || e.workload == "triad"; }

std::string megabytes(uint64_t bytes) { return fixed(static_cast<double>(bytes) / 1e6, 1) + " MB"; }

// The size knob's largest value (knob_table.cpp).
constexpr long long kMaxSize = 65536;
constexpr long long kMaxTasks = 1000000;

} // namespace

void memoryBound(const RunEvidence& e, std::vector<Finding>& out) {
    if (!e.gbps || !e.machineBandwidthGbps || *e.machineBandwidthGbps <= 0) return;
    // The machine's figure is DRAM's: data held in a cache is another thing.
    if (!e.fitsIn.empty() && e.fitsIn != "memory") return;
    const double share = *e.gbps / *e.machineBandwidthGbps;
    // Far above what memory can deliver, the data was served from cache.
    if (share < kMemoryBoundShareOfTriad || share > kAboveMemoryShareOfTriad) return;
    const std::string text = e.workload + " at " + fixed(*e.gbps, 1) + " GB/s, the machine's measured bandwidth is " +
                             fixed(*e.machineBandwidthGbps, 1) + " GB/s (" + percent(share) +
                             "): memory-bound, more workers will not help.";
    out.push_back(
        {std::string(kMemoryBound),
         std::string(kSeverityWarning),
         text,
         {{"gbps", *e.gbps}, {"machine_gbps", *e.machineBandwidthGbps}, {"share", share}, {"fits_in", e.fitsIn}}});
}

void cacheResident(const RunEvidence& e, std::vector<Finding>& out) {
    if (!streamsMemory(e) || e.fitsIn.empty() || e.fitsIn == "memory" || !e.gbps) return;
    // Working sets of these kernels grow with n^2: the size whose task data
    // takes 4x the worker's share of the cache streams from memory.
    Fix fix;
    if (e.workingSetBytes > 0 && e.cacheShareBytes > 0 && e.size > 0) {
        const double grow =
            std::sqrt(4.0 * static_cast<double>(e.cacheShareBytes) / static_cast<double>(e.workingSetBytes));
        const long long size =
            std::min(kMaxSize, static_cast<long long>(std::ceil(static_cast<double>(e.size) * grow)));
        if (size > e.size) fix.knobs.push_back({"size", std::to_string(size), std::to_string(e.size)});
    }
    if (fix.knobs.empty()) fix.outside = "measure with data larger than the caches";
    std::string text = "each worker's task data (" + megabytes(e.workingSetBytes) + ") fits in its share of " +
                       e.fitsIn + " (" + megabytes(e.cacheShareBytes) + "): the " + fixed(*e.gbps, 1) +
                       " GB/s came from cache, so this run says nothing about memory bandwidth and " + e.workload +
                       " may scale like compute-bound work here. ";
    text += fix.knobs.empty() ? "To see memory's limit, " + fix.outside + "."
                              : "To see memory's limit, use " + flagsOf(fix.knobs) + ".";
    nlohmann::json evidence{{"fits_in", e.fitsIn},
                            {"working_set_bytes", e.workingSetBytes},
                            {"cache_share_bytes", e.cacheShareBytes},
                            {"gbps", *e.gbps}};
    addFix(evidence, fix);
    out.push_back({std::string(kCacheResident), std::string(kSeverityInfo), text, std::move(evidence)});
}

void shortRun(const RunEvidence& e, std::vector<Finding>& out) {
    if (e.commandRun || !e.completed || e.wallSeconds <= 0) return;
    const auto& p = e.phases;
    // Within the timed interval (wall less prepare), the one speedups use.
    const double timed = e.wallSeconds - p.prepare;
    const double outside = timed - p.compute;
    if (timed <= 0 || outside <= kShortRunOverheadShare * timed) return;
    // Delivery and collect outweighing compute is its own lesson (delivery-dominated).
    if (p.delivery + p.collect > p.compute) return;
    // Fixed costs stay while compute grows with the tasks: enough tasks make
    // them a tenth of the run.
    const double fixedCosts = p.spawn + p.teardown + p.wait;
    const double factor = p.compute > 0 ? std::max(2.0, std::ceil(10 * fixedCosts / p.compute)) : 10.0;
    const long long tasks =
        std::min(kMaxTasks, static_cast<long long>(std::ceil(static_cast<double>(e.tasks) * factor)));
    Fix fix;
    if (e.calibratedDuration > 0 && tasks > e.tasks)
        fix.knobs.push_back(
            {"duration", formatDouble(e.calibratedDuration * factor), formatDouble(e.calibratedDuration)});
    else if (tasks > e.tasks) fix.knobs.push_back({"tasks", std::to_string(tasks), std::to_string(e.tasks)});
    else fix.outside = "give each task more work (a larger size or more iterations)";
    std::string text = percent(outside / timed) + " of the timed interval (" + duration(outside) + " of " +
                       duration(timed) + ") went to starting workers (" + duration(p.spawn) +
                       "), waiting for tasks or for the slowest worker (" + duration(p.wait) + "), moving data (" +
                       duration(p.delivery + p.collect) + ") and stopping workers (" + duration(p.teardown) +
                       "), not to the work: the run is too short for its times to say much about the kernel. ";
    text += fix.knobs.empty() ? fix.outside + "." : "Use " + flagsOf(fix.knobs) + ".";
    nlohmann::json evidence{{"timed_s", timed},   {"compute_s", p.compute}, {"outside_compute_s", outside},
                            {"spawn_s", p.spawn}, {"wait_s", p.wait},       {"teardown_s", p.teardown}};
    addFix(evidence, fix);
    out.push_back({std::string(kShortRun), std::string(kSeverityWarning), text, std::move(evidence)});
}

void samplingBelowRate(const RunEvidence& e, std::vector<Finding>& out) {
    const double asked = e.requestedSampleHz, kept = e.achievedSampleHz;
    if (asked <= 0 || e.samples < 2 || kept >= kSamplingRateShortfall * asked) return;
    if ((e.samples - 1) / kept < kSamplingMinPeriods / asked) return; // too short to judge
    Fix fix;
    const long long rate = std::max(1LL, static_cast<long long>(kept));
    char keptText[32], askedText[32];
    std::snprintf(keptText, sizeof keptText, "%.1f Hz", kept);
    std::snprintf(askedText, sizeof askedText, "%g", asked);
    fix.knobs.push_back({"rate", std::to_string(rate), askedText});
    std::string text = "the run was sampled at " + std::string(keptText) + ", not the " + askedText +
                       " Hz asked (longest gap between samples " + duration(e.longestSampleGapSeconds) +
                       "): one tick's reads of /proc for the threads of " + std::to_string(e.workerStats.size()) +
                       " workers took longer than a period on this machine, so the load over time and the "
                       "threads on their PUs are coarser than asked; the per-run CPU time and run-queue wait "
                       "are totals and not affected. Use " +
                       flagsOf(fix.knobs) + ".";
    nlohmann::json evidence{{"requested_hz", asked},
                            {"achieved_hz", kept},
                            {"longest_gap_s", e.longestSampleGapSeconds},
                            {"samples", e.samples},
                            {"workers", e.workerStats.size()}};
    addFix(evidence, fix);
    out.push_back({std::string(kSamplingBelowRate), std::string(kSeverityInfo), text, std::move(evidence)});
}

} // namespace oversub::analysis
