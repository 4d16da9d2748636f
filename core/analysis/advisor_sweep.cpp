// The rules of a whole sweep: failed runs, points slower than the base, and
// whether the work scales up to the PUs the sweep could use.

#include "analysis/advice_text.h"
#include "analysis/advisor.h"

#include <algorithm>

namespace oversub::analysis {

namespace {

void runFailed(const std::vector<SweepPointOutcome>& outcomes, std::vector<Finding>& out) {
    for (const auto& o : outcomes) {
        if (o.failedRuns <= 0) continue;
        std::string text = std::to_string(o.failedRuns) + " of " + counted(o.runs, "run", "runs") +
                           (o.label.empty() ? std::string() : " of '" + o.label + "'") + " failed";
        text += o.firstError.empty() ? "." : ": " + o.firstError + ".";
        out.push_back({std::string(kRunFailed), std::string(kSeverityProblem), text,
                       {{"point", o.label}, {"runs", o.runs}, {"failed_runs", o.failedRuns}, {"error", o.firstError}}});
    }
}

void slowerThanSerial(const ScalingAnalysis& s, std::vector<Finding>& out) {
    const auto& base = s.points[s.baseIndex];
    std::vector<const PointScaling*> slower;
    for (const auto& p : s.points)
        if (p.resources > base.resources && p.slowerThanBase) slower.push_back(&p);
    if (slower.empty()) return;

    constexpr size_t named = 4;
    std::string list;
    auto evidence = nlohmann::json::array();
    for (size_t i = 0; i < slower.size(); ++i) {
        evidence.push_back({{"point", slower[i]->label}, {"speedup", slower[i]->speedup}, {"resources", slower[i]->resources}});
        if (i < named) list += (i ? ", " : "") + slower[i]->label + " (speedup " + fixed(slower[i]->speedup, 2) + ")";
    }
    if (slower.size() > named) list += " and " + std::to_string(slower.size() - named) + " more";
    const std::string baseName = s.baseChoice == BaseChoice::SerialPoint ? "the 1x1 point" : "the base point (" + base.label + ")";
    const std::string text = counted(static_cast<long long>(slower.size()), "point", "points") + " with more workers x threads ran slower than " +
                             baseName + ": " + list + ". Adding processes or threads made them slower, not faster.";
    out.push_back({std::string(kSlowerThanSerial), std::string(kSeverityWarning), text,
                   {{"base", base.label}, {"points", evidence}}});
}

void goodScaling(const ScalingAnalysis& s, int allowedPus, std::vector<Finding>& out) {
    const auto& base = s.points[s.baseIndex];
    const PointScaling* widest = nullptr;
    for (const auto& p : s.points) {
        if (p.resources <= base.resources || (allowedPus > 0 && p.resources > allowedPus)) continue;
        if (!widest || p.resources > widest->resources ||
            (p.resources == widest->resources && p.speedup > widest->speedup))
            widest = &p;
    }
    if (!widest || widest->efficiency < kGoodScalingEfficiency) return;
    const std::string text = widest->label + " ran " + fixed(widest->speedup, 2) + "x faster than " + base.label +
                             " on " + counted(widest->resources, "thread", "threads") + " (efficiency " +
                             percent(widest->efficiency) + "): the work scales well up to the " +
                             counted(allowedPus, "allowed PU", "allowed PUs") + ".";
    out.push_back({std::string(kGoodScaling), std::string(kSeverityInfo), text,
                   {{"point", widest->label}, {"speedup", widest->speedup}, {"efficiency", widest->efficiency},
                    {"resources", widest->resources}, {"allowed_pus", allowedPus}}});
}

} // namespace

std::vector<Finding> adviseSweep(const std::optional<ScalingAnalysis>& scaling,
                                 const std::vector<SweepPointOutcome>& outcomes, int allowedPus) {
    std::vector<Finding> out;
    runFailed(outcomes, out);
    if (scaling && !scaling->points.empty()) {
        slowerThanSerial(*scaling, out);
        goodScaling(*scaling, allowedPus, out);
    }
    sortBySeverity(out);
    return out;
}

} // namespace oversub::analysis
