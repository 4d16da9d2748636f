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

} // namespace

SweepSummary summarizeSweep(const std::vector<PointRuns>& points, int allowedPus, const BandwidthContext& bandwidth) {
    SweepSummary out;
    out.allowedPus = allowedPus;

    std::vector<ScalingPoint> scalable;
    std::vector<size_t> scalableIndex;
    std::vector<SweepPointOutcome> outcomes;
    for (const auto& p : points) {
        PointSummary s;
        s.label = p.label;
        s.workers = p.workers;
        s.threadsPerWorker = p.threadsPerWorker;
        s.resources = p.workers * p.threadsPerWorker;
        s.runs = p.runs;
        s.failedRuns = p.failedRuns;
        s.aboveAllowedPus = allowedPus > 0 && s.resources > allowedPus;
        if (!p.wallSeconds.empty()) {
            s.wallSeconds = summarize(p.wallSeconds);
            scalable.push_back({p.label, p.workers, p.threadsPerWorker, *s.wallSeconds, p.series});
            scalableIndex.push_back(out.points.size());
        }
        std::vector<double> counted;
        for (double g : p.gbps)
            if (g > 0) counted.push_back(g);
        if (!counted.empty()) s.gbps = summarize(counted);
        s.findings = dedupeFindings(p.runFindings);
        outcomes.push_back({p.label, p.runs, p.failedRuns, p.firstError});
        out.points.push_back(std::move(s));
    }

    std::optional<ScalingAnalysis> scaling;
    if (!scalable.empty()) {
        scaling = analyzeScaling(scalable);
        for (size_t i = 0; i < scalable.size(); ++i) out.points[scalableIndex[i]].scaling = scaling->points[i];
        out.baseLabel = scalable[scaling->baseIndex].label;
        out.baseDescription = scaling->baseDescription();
        out.amdahl = scaling->amdahl;
        out.amdahlNote = scaling->amdahlNote;
    } else {
        out.amdahlNote = "no Amdahl fit: no point has a successful run";
    }

    out.machineGbps = bandwidth.machineGbps;
    out.oneWorkerGbps = bandwidth.oneWorkerGbps;
    if (scaling && scaling->baseChoice == BaseChoice::SerialPoint) {
        const auto& base = out.points[scalableIndex[scaling->baseIndex]];
        if (base.gbps) out.oneWorkerGbps = base.gbps->median;
    }
    if (out.machineGbps && out.oneWorkerGbps && *out.machineGbps > 0 && *out.oneWorkerGbps > 0)
        out.bandwidthCeiling = bandwidthCeiling(*out.machineGbps, *out.oneWorkerGbps);

    out.findings = adviseSweep(scaling, outcomes, allowedPus);
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
                            {"workers", p.workers},
                            {"threads", p.threadsPerWorker},
                            {"resources", p.resources},
                            {"runs", p.runs},
                            {"failed_runs", p.failedRuns},
                            {"above_allowed_pus", p.aboveAllowedPus},
                            {"wall_s", p.wallSeconds ? toJson(*p.wallSeconds) : nlohmann::json()},
                            {"gbps", p.gbps ? toJson(*p.gbps) : nlohmann::json()}};
        if (p.scaling) {
            j["speedup"] = p.scaling->speedup;
            j["speedup_low"] = p.scaling->speedupLow;
            j["speedup_high"] = p.scaling->speedupHigh;
            j["efficiency"] = p.scaling->efficiency;
            j["karp_flatt"] = optionalNumber(p.scaling->karpFlatt);
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
    nlohmann::json amdahl;
    if (summary.amdahl) {
        const auto& a = *summary.amdahl;
        amdahl = {{"serial_fraction", a.serialFraction},
                  {"low", a.low},
                  {"high", a.high},
                  {"from_fastest", a.fromFastest},
                  {"from_slowest", a.fromSlowest},
                  {"standard_error", optionalNumber(a.standardError)},
                  {"points_used", a.pointsUsed},
                  {"base_resources", a.baseResources}};
    }
    return {{"allowed_pus", summary.allowedPus},
            {"base", summary.baseLabel},
            {"base_description", summary.baseDescription},
            {"points", std::move(points)},
            {"amdahl", std::move(amdahl)},
            {"amdahl_note", summary.amdahlNote},
            {"bandwidth",
             {{"machine_gbps", optionalNumber(summary.machineGbps)},
              {"one_worker_gbps", optionalNumber(summary.oneWorkerGbps)},
              {"ceiling", optionalNumber(summary.bandwidthCeiling)}}},
            {"findings", toJson(summary.findings)}};
}

} // namespace oversub::analysis
