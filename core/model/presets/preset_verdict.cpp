#include "presets/preset_verdict.h"

#include <cstdio>

namespace oversub::presets {
namespace {

const analysis::PointSummary* findPoint(const analysis::SweepSummary& summary, const std::string& label) {
    for (const auto& p : summary.points)
        if (p.label == label) return &p;
    return nullptr;
}

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, s < 10 ? "%.3g s" : "%.1f s", s);
    return buf;
}

std::string times(double r) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fx", r);
    return buf;
}

const analysis::PointSummary* measuredPoint(const analysis::SweepSummary& summary, const std::string& label) {
    const auto* p = findPoint(summary, label);
    return p && p->timedSeconds && p->timedSeconds->median > 0 ? p : nullptr;
}

// Why memory-bound work may still scale here, from the bandwidth probe.
std::string bandwidthReason(const analysis::SweepSummary& summary) {
    if (!summary.bandwidthCeiling || !summary.machineGbps || !summary.oneWorkerGbps)
        return " The machine's memory bandwidth was not measured, so whether memory held it back cannot be told "
               "here.";
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  " This machine's memory bandwidth still grows %.2fx from 1 process to all %d PUs (triad: %.1f GB/s "
                  "with one, %.1f GB/s with all): a second worker gets memory bandwidth of its own, so memory-bound "
                  "work is not held back yet.",
                  *summary.bandwidthCeiling, summary.allowedPus, *summary.oneWorkerGbps, *summary.machineGbps);
    return buf;
}

Verdict scalesLess(const PresetExpectation& x, const analysis::SweepSummary& summary) {
    Verdict v;
    v.expectation = x;
    const auto* point = measuredPoint(summary, x.point);
    const auto* base = measuredPoint(summary, x.baseline);
    const auto* thanPoint = measuredPoint(summary, x.thanPoint);
    const auto* thanBase = measuredPoint(summary, x.thanBaseline);
    if (!point || !base || !thanPoint || !thanBase) {
        v.text = "Not measured: " + x.point + " vs " + x.baseline + " against " + x.thanPoint + " vs " +
                 x.thanBaseline + " (a point failed or was not run).";
        return v;
    }
    v.measured = true;
    v.pointSeconds = point->timedSeconds->median;
    v.baselineSeconds = base->timedSeconds->median;
    v.ratio = v.baselineSeconds / v.pointSeconds;
    v.thanRatio = thanBase->timedSeconds->median / thanPoint->timedSeconds->median;
    v.holds = v.ratio < v.thanRatio * (1 - kSameWithin);
    v.text = "Measured here: " + x.point + " was " + times(v.ratio) + " as fast as " + x.baseline + ", " + x.thanPoint +
             " " + times(v.thanRatio) + " as fast as " + x.thanBaseline + ": ";
    if (v.holds) v.text += x.point + " gained less.";
    else {
        v.text += v.ratio > v.thanRatio ? x.point + " gained more." : "the two gained about the same.";
        v.text += " The textbook effect (" + x.point + " gaining less than " + x.thanPoint +
                  ") did not appear on this machine in this run." + bandwidthReason(summary);
    }
    return v;
}

} // namespace

std::vector<Verdict> checkExpectations(const Preset& preset, const analysis::SweepSummary& summary) {
    std::vector<Verdict> out;
    for (const auto& x : preset.expectations) {
        if (x.claim == "scales-less") {
            out.push_back(scalesLess(x, summary));
            continue;
        }
        Verdict v;
        v.expectation = x;
        const auto* point = findPoint(summary, x.point);
        const auto* base = findPoint(summary, x.baseline);
        if (!point || !base || !point->timedSeconds || !base->timedSeconds || point->timedSeconds->median <= 0) {
            v.text = "Not measured: " + x.point + " vs " + x.baseline + " (a point failed or was not run).";
            out.push_back(std::move(v));
            continue;
        }
        v.measured = true;
        v.pointSeconds = point->timedSeconds->median;
        v.baselineSeconds = base->timedSeconds->median;
        v.ratio = v.baselineSeconds / v.pointSeconds;
        const bool faster = v.ratio > 1 + kSameWithin;
        const bool slower = v.ratio < 1 - kSameWithin;
        v.holds = x.claim == "faster" ? faster : !slower;
        const std::string numbers = x.point + " took " + seconds(v.pointSeconds) + " (median), " + x.baseline + " " +
                                    seconds(v.baselineSeconds);
        std::string how;
        if (faster) how = x.point + " was " + times(v.ratio) + " faster";
        else if (slower) how = x.point + " was " + times(1 / v.ratio) + " slower";
        else how = "the two were within " + std::to_string(static_cast<int>(kSameWithin * 100)) + "% of each other";
        v.text = "Measured here: " + numbers + ": " + how + ".";
        if (!v.holds)
            v.text += x.claim == "faster" ? " The textbook effect (" + x.point + " faster than " + x.baseline +
                                                ") did not appear on this machine in this run."
                                          : " Expected " + x.point + " not to be slower than " + x.baseline +
                                                "; on this machine in this run it was.";
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace oversub::presets
