// The rules of a whole sweep: failed runs and failed bases, points slower
// than their base, speedups above what the added PUs can give, and whether
// the work scales up to the PUs the sweep could use. Every rule looks at one
// series at a time: speedups across workloads or deliveries mean nothing.

#include "analysis/advice_text.h"
#include "analysis/advisor.h"

#include <algorithm>

namespace oversub::analysis {

namespace {

// " (workload=svd)" after a point's label, unless the label already says it.
std::string inSeries(const SeriesScaling& s, const std::string& label) {
    return s.name.empty() || label.find(s.name) != std::string::npos ? std::string() : " (" + s.name + ")";
}

void runFailed(const std::vector<SweepPointOutcome>& outcomes, std::vector<Finding>& out) {
    for (const auto& o : outcomes) {
        if (o.failedRuns <= 0) continue;
        std::string text = std::to_string(o.failedRuns) + " of " + counted(o.runs, "run", "runs") +
                           (o.label.empty() ? std::string() : " of '" + o.label + "'") + " failed";
        text += o.firstError.empty() ? "." : ": " + o.firstError + ".";
        out.push_back({std::string(kRunFailed),
                       std::string(kSeverityProblem),
                       text,
                       {{"point", o.label}, {"runs", o.runs}, {"failed_runs", o.failedRuns}, {"error", o.firstError}}});
    }
}

void baseFailed(const SeriesScaling& s, std::vector<Finding>& out) {
    if (s.scaling) return;
    const std::string text = "No speedups" + (s.name.empty() ? std::string() : " for " + s.name) +
                             ": its base point '" + s.baseLabel +
                             "' has no successful run, and another series is no substitute for it.";
    out.push_back(
        {std::string(kBaseFailed), std::string(kSeverityProblem), text, {{"series", s.name}, {"base", s.baseLabel}}});
}

void slowerThanSerial(const SeriesScaling& series, std::vector<Finding>& out) {
    const ScalingAnalysis& s = *series.scaling;
    const auto& base = s.points[s.baseIndex];
    std::vector<const PointScaling*> slower;
    for (const auto& p : s.points)
        if (p.resources > base.resources && p.slowerThanBase) slower.push_back(&p);
    if (slower.empty()) return;

    constexpr size_t named = 4;
    std::string list;
    auto evidence = nlohmann::json::array();
    for (size_t i = 0; i < slower.size(); ++i) {
        evidence.push_back(
            {{"point", slower[i]->label}, {"speedup", slower[i]->speedup}, {"resources", slower[i]->resources}});
        if (i < named) list += (i ? ", " : "") + slower[i]->label + " (speedup " + fixed(slower[i]->speedup, 2) + ")";
    }
    if (slower.size() > named) list += " and " + std::to_string(slower.size() - named) + " more";
    const std::string baseName =
        s.baseChoice == BaseChoice::SerialPoint ? "the 1x1 point" : "the base point (" + base.label + ")";
    const std::string text = counted(static_cast<long long>(slower.size()), "point", "points") +
                             (series.name.empty() ? std::string() : " of " + series.name) +
                             " with more workers x threads ran slower than " + baseName + ": " + list +
                             ". Adding processes or threads made them slower, not faster.";
    out.push_back({std::string(kSlowerThanSerial),
                   std::string(kSeverityWarning),
                   text,
                   {{"series", series.name}, {"base", base.label}, {"points", evidence}}});
}

// The most a point can gain over its base: the PUs it can use over the PUs
// the base could use.
double possibleSpeedup(const PointScaling& p, const PointScaling& base, int allowedPus) {
    const int pus = allowedPus > 0 ? allowedPus : std::max(p.resources, base.resources);
    return static_cast<double>(std::min(p.resources, pus)) / std::min(base.resources, pus);
}

bool isSuperlinear(const PointScaling& p, const PointScaling& base, int allowedPus) {
    return p.resources > base.resources &&
           p.speedup > possibleSpeedup(p, base, allowedPus) * (1 + kSuperlinearTolerance);
}

// A speedup the hardware cannot give is a measurement to doubt, not a result
// to praise: name the likely causes with their evidence.
void superlinear(const SeriesScaling& series, const SweepAdviceContext& context, std::vector<Finding>& out) {
    const ScalingAnalysis& s = *series.scaling;
    const auto& base = s.points[s.baseIndex];
    const double baseSpread = base.speedupHigh / base.speedupLow - 1; // slowest / fastest base repetition - 1
    for (const auto& p : s.points) {
        if (!isSuperlinear(p, base, context.allowedPus)) continue;
        const double possible = possibleSpeedup(p, base, context.allowedPus);
        std::vector<std::string> causes;
        if (baseSpread > kNoisyBaseSpread)
            causes.push_back("a noisy base (its repetitions differ by " + percent(baseSpread) +
                             ": run more, --repeat 5)");
        if (context.warmupRuns == 0)
            causes.push_back("a cold base (no warm-up run: the first run after an idle moment pays for page "
                             "allocation and a sleeping CPU; --warmup 1)");
        causes.push_back("caches (each worker's share of the data may fit in a cache the base's whole data did not)");
        std::string causeText;
        for (size_t i = 0; i < causes.size(); ++i)
            causeText += (i ? (i + 1 == causes.size() ? " or " : ", ") : "") + causes[i];
        const std::string text =
            p.label + inSeries(series, p.label) + " ran " + fixed(p.speedup, 2) + "x faster than " + base.label +
            ", more than the " + fixed(possible, 2) + "x its " +
            counted(std::min(p.resources, context.allowedPus > 0 ? context.allowedPus : p.resources), "usable PU",
                    "usable PUs") +
            " can give: superlinear, so likely not a real gain. Likely causes: " + causeText + ".";
        out.push_back({std::string(kSuperlinear),
                       std::string(kSeverityWarning),
                       text,
                       {{"series", series.name},
                        {"point", p.label},
                        {"base", base.label},
                        {"speedup", p.speedup},
                        {"possible_speedup", possible},
                        {"efficiency", p.efficiency ? nlohmann::json(*p.efficiency) : nlohmann::json()},
                        {"base_spread", baseSpread},
                        {"warmup_runs", context.warmupRuns},
                        {"allowed_pus", context.allowedPus}}});
    }
}

void goodScaling(const SeriesScaling& series, int allowedPus, std::vector<Finding>& out) {
    const ScalingAnalysis& s = *series.scaling;
    const auto& base = s.points[s.baseIndex];
    const PointScaling* widest = nullptr;
    for (const auto& p : s.points) {
        if (p.resources <= base.resources || (allowedPus > 0 && p.resources > allowedPus)) continue;
        if (!widest || p.resources > widest->resources ||
            (p.resources == widest->resources && p.speedup > widest->speedup))
            widest = &p;
    }
    if (!widest || !widest->efficiency || *widest->efficiency < kGoodScalingEfficiency) return;
    if (isSuperlinear(*widest, base, allowedPus)) return; // never praised: the superlinear finding says why
    std::string text = widest->label + inSeries(series, widest->label) + " ran " + fixed(widest->speedup, 2) +
                       "x faster than " + base.label + " on " + counted(widest->resources, "thread", "threads") +
                       " (efficiency " + percent(*widest->efficiency) + "): the work scales well up to the " +
                       counted(allowedPus, "allowed PU", "allowed PUs") + ".";
    // Above 100 % but within the superlinear tolerance: say it is noise, so
    // no efficiency above what the PUs can give stands unexplained.
    const bool aboveIdeal = *widest->efficiency > 1;
    const double baseSpread = base.speedupHigh / base.speedupLow - 1; // slowest / fastest base repetition - 1
    if (aboveIdeal)
        text += " An efficiency above 100 % is measurement noise, not a gain: it is within the " +
                percent(kSuperlinearTolerance) + " Oversub reads as noise" +
                (baseSpread > 0 ? " (the base's own repetitions differ by " + percent(baseSpread) + ")" : "") + ".";
    out.push_back({std::string(kGoodScaling),
                   std::string(kSeverityInfo),
                   text,
                   {{"series", series.name},
                    {"point", widest->label},
                    {"speedup", widest->speedup},
                    {"efficiency", *widest->efficiency},
                    {"above_ideal_within_noise", aboveIdeal},
                    {"base_spread", baseSpread},
                    {"resources", widest->resources},
                    {"allowed_pus", allowedPus}}});
}

} // namespace

std::vector<Finding> adviseSweep(const std::vector<SeriesScaling>& series,
                                 const std::vector<SweepPointOutcome>& outcomes, const SweepAdviceContext& context) {
    std::vector<Finding> out;
    runFailed(outcomes, out);
    for (const auto& s : series) {
        baseFailed(s, out);
        if (!s.scaling || s.scaling->points.empty()) continue;
        slowerThanSerial(s, out);
        superlinear(s, context, out);
        goodScaling(s, context.allowedPus, out);
    }
    sortBySeverity(out);
    return out;
}

} // namespace oversub::analysis
