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

} // namespace

std::vector<Verdict> checkExpectations(const Preset& preset, const analysis::SweepSummary& summary) {
    std::vector<Verdict> out;
    for (const auto& x : preset.expectations) {
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
