#include "analysis/sweep_summary.h"

#include <algorithm>

namespace oversub::analysis {

namespace {

std::vector<PointFinding> dedupeFindings(const std::vector<Finding>& findings) {
    std::vector<PointFinding> out;
    for (const auto& f : findings) {
        auto it = std::find_if(out.begin(), out.end(), [&](const PointFinding& p) { return p.finding.id == f.id; });
        if (it == out.end()) out.push_back({f, 1});
        else ++it->runs;
    }
    std::stable_sort(out.begin(), out.end(), [](const PointFinding& a, const PointFinding& b) {
        return severityRank(a.finding.severity) > severityRank(b.finding.severity);
    });
    return out;
}

nlohmann::json optionalNumber(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

nlohmann::json amdahlJson(const std::optional<AmdahlFit>& fit) {
    if (!fit) return nullptr;
    const auto& a = *fit;
    return {{"serial_fraction", a.serialFraction},
            {"low", a.low},
            {"high", a.high},
            {"from_fastest", a.fromFastest},
            {"from_slowest", a.fromSlowest},
            {"standard_error", optionalNumber(a.standardError)},
            {"points_used", a.pointsUsed},
            {"base_resources", a.baseResources}};
}

} // namespace

SweepSummary summarizeSweep(const std::vector<PointRuns>& points, int allowedPus, const BandwidthContext& bandwidth,
                            int warmupRuns) {
    SweepSummary out;
    out.allowedPus = allowedPus;

    std::vector<SweepPointOutcome> outcomes;
    for (const auto& p : points) {
        PointSummary s;
        s.label = p.label;
        s.series = p.series;
        s.workers = p.workers;
        s.threadsPerWorker = p.threadsPerWorker;
        s.resources = p.workers * p.threadsPerWorker;
        s.runs = p.runs;
        s.failedRuns = p.failedRuns;
        s.aboveAllowedPus = allowedPus > 0 && s.resources > allowedPus;
        if (!p.wallSeconds.empty()) s.wallSeconds = summarize(p.wallSeconds);
        if (!p.timedSeconds.empty()) s.timedSeconds = summarize(p.timedSeconds);
        std::vector<double> counted;
        for (double g : p.gbps)
            if (g > 0) counted.push_back(g);
        if (!counted.empty()) s.gbps = summarize(counted);
        s.findings = dedupeFindings(p.runFindings);
        outcomes.push_back({p.label, p.runs, p.failedRuns, p.firstError});
        out.points.push_back(std::move(s));
    }

    // Group by series in order of appearance; each series' base is chosen
    // among all its points, so a failed base is never replaced by another.
    std::vector<std::string> names;
    for (const auto& p : out.points)
        if (std::find(names.begin(), names.end(), p.series) == names.end()) names.push_back(p.series);
    std::vector<SeriesScaling> scalings;
    for (const auto& name : names) {
        std::vector<size_t> members;
        std::vector<ScalingPoint> all;
        for (size_t i = 0; i < out.points.size(); ++i) {
            const auto& p = out.points[i];
            if (p.series != name) continue;
            members.push_back(i);
            all.push_back({p.label, p.workers, p.threadsPerWorker, p.timedSeconds.value_or(Summary{}), p.series});
        }
        SeriesSummary series;
        series.name = name;
        const auto& base = out.points[members[basePointIndex(all)]];
        series.baseLabel = base.label;
        SeriesScaling scaling{name, base.label, std::nullopt};
        if (!base.timedSeconds) {
            series.baseFailed = true;
            series.baseDescription = "no speedups" + (name.empty() ? std::string() : " for " + name) +
                                     ": its base point (" + base.label + ") has no successful run";
            series.amdahlNote = "no Amdahl fit: the base point failed";
        } else {
            std::vector<ScalingPoint> measured;
            std::vector<size_t> measuredIndex;
            for (size_t k = 0; k < members.size(); ++k)
                if (out.points[members[k]].timedSeconds)
                    measured.push_back(all[k]), measuredIndex.push_back(members[k]);
            auto analysis = analyzeScaling(measured, allowedPus);
            for (size_t k = 0; k < measured.size(); ++k) out.points[measuredIndex[k]].scaling = analysis.points[k];
            series.baseDescription = (name.empty() ? std::string() : name + ": ") + analysis.baseDescription();
            series.amdahl = analysis.amdahl;
            series.amdahlNote = analysis.amdahlNote;
            // The ceiling is for this workload when a 1x1 base counted bytes.
            if (!out.oneWorkerGbps && analysis.baseChoice == BaseChoice::SerialPoint && base.gbps)
                out.oneWorkerGbps = base.gbps->median;
            scaling.scaling = std::move(analysis);
        }
        scalings.push_back(std::move(scaling));
        out.series.push_back(std::move(series));
    }
    if (out.series.size() == 1) {
        const auto& only = out.series.front();
        out.baseLabel = only.baseLabel;
        out.baseDescription = only.baseDescription;
        out.amdahl = only.amdahl;
        out.amdahlNote = only.amdahlNote;
    } else if (out.series.size() > 1) {
        out.baseDescription = "speedups within each of " + std::to_string(out.series.size()) +
                              " series (points that differ only in workers and threads), each against its own base";
    } else {
        out.amdahlNote = "no Amdahl fit: no point has a successful run";
    }

    out.machineGbps = bandwidth.machineGbps;
    if (!out.oneWorkerGbps) out.oneWorkerGbps = bandwidth.oneWorkerGbps;
    if (out.machineGbps && out.oneWorkerGbps && *out.machineGbps > 0 && *out.oneWorkerGbps > 0)
        out.bandwidthCeiling = bandwidthCeiling(*out.machineGbps, *out.oneWorkerGbps);

    out.findings = adviseSweep(scalings, outcomes, {allowedPus, warmupRuns});
    return out;
}

nlohmann::json toJson(const Summary& s) {
    return {{"count", s.count}, {"median", s.median}, {"min", s.min},
            {"max", s.max},     {"mean", s.mean},     {"stddev", s.stddev}};
}

nlohmann::json toJson(const SweepSummary& summary) {
    auto points = nlohmann::json::array();
    for (const auto& p : summary.points) {
        nlohmann::json j = {{"label", p.label},
                            {"series", p.series},
                            {"workers", p.workers},
                            {"threads", p.threadsPerWorker},
                            {"resources", p.resources},
                            {"runs", p.runs},
                            {"failed_runs", p.failedRuns},
                            {"above_allowed_pus", p.aboveAllowedPus},
                            {"wall_s", p.wallSeconds ? toJson(*p.wallSeconds) : nlohmann::json()},
                            {"timed_s", p.timedSeconds ? toJson(*p.timedSeconds) : nlohmann::json()},
                            {"gbps", p.gbps ? toJson(*p.gbps) : nlohmann::json()}};
        if (p.scaling) {
            j["speedup"] = p.scaling->speedup;
            j["speedup_low"] = p.scaling->speedupLow;
            j["speedup_high"] = p.scaling->speedupHigh;
            j["efficiency"] = optionalNumber(p.scaling->efficiency);
            j["karp_flatt"] = optionalNumber(p.scaling->karpFlatt);
            j["is_base"] = p.scaling->isBase;
        }
        auto findings = nlohmann::json::array();
        for (const auto& f : p.findings) {
            auto fj = toJson(f.finding);
            fj["runs"] = f.runs;
            findings.push_back(std::move(fj));
        }
        j["findings"] = std::move(findings);
        points.push_back(std::move(j));
    }
    auto series = nlohmann::json::array();
    for (const auto& s : summary.series)
        series.push_back({{"name", s.name},
                          {"base", s.baseLabel},
                          {"base_failed", s.baseFailed},
                          {"base_description", s.baseDescription},
                          {"amdahl", amdahlJson(s.amdahl)},
                          {"amdahl_note", s.amdahlNote}});
    return {{"allowed_pus", summary.allowedPus},
            {"base", summary.baseLabel},
            {"base_description", summary.baseDescription},
            {"points", std::move(points)},
            {"series", std::move(series)},
            {"amdahl", amdahlJson(summary.amdahl)},
            {"amdahl_note", summary.amdahlNote},
            {"bandwidth",
             {{"machine_gbps", optionalNumber(summary.machineGbps)},
              {"one_worker_gbps", optionalNumber(summary.oneWorkerGbps)},
              {"ceiling", optionalNumber(summary.bandwidthCeiling)}}},
            {"findings", toJson(summary.findings)}};
}

} // namespace oversub::analysis
