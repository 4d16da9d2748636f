#include "sweep_preset_claims.h"

#include "analysis/sweep_summary.h"
#include "experiment/sweep.h"
#include "presets/preset_verdict.h"

#include <QObject>

#include <algorithm>
#include <set>

namespace oversub::ui {
namespace {

QString qs(const std::string& text) { return QString::fromStdString(text); }

const SweepAxis* axisOf(const Experiment& e, const std::string& knob) {
    for (const auto& axis : e.sweep.axes)
        if (axis.knob == knob) return &axis;
    return nullptr;
}

// Why the edited sweep has no point labelled `label`, from the preset point of that label.
QString whyMissing(const presets::Preset& preset, const Experiment& edited, const std::string& label) {
    const Experiment& original = preset.experiment;
    const SweepPoint* point = nullptr;
    const auto originalPoints = expandPoints(original);
    for (const auto& p : originalPoints)
        if (p.label == label) point = &p;
    if (!point) return QObject::tr("the preset has no point '%1'").arg(qs(label));
    for (const auto& axis : original.sweep.axes) {
        if (axis.values.size() < 2) continue;
        const std::string wanted = getKnob(point->experiment, axis.knob);
        const SweepAxis* now = axisOf(edited, axis.knob);
        if (!now || now->values.size() < 2)
            return QObject::tr("the edit no longer sweeps %1 (it is fixed at %2)")
                .arg(qs(axis.knob), qs(now && !now->values.empty() ? now->values.front() : getKnob(edited, axis.knob)));
        if (std::find(now->values.begin(), now->values.end(), wanted) == now->values.end()) {
            QStringList values;
            for (const auto& v : now->values) values << qs(v);
            return QObject::tr("the edited %1 list (%2) has no %3")
                .arg(qs(axis.knob), values.join(QLatin1Char(',')), qs(wanted));
        }
    }
    QStringList added;
    for (const auto& axis : edited.sweep.axes) {
        if (axis.values.size() < 2) continue;
        const SweepAxis* before = axisOf(original, axis.knob);
        if (!before || before->values.size() < 2) added << qs(axis.knob);
    }
    if (!added.isEmpty())
        return QObject::tr("the edit also sweeps %1, so '%2' became several points")
            .arg(added.join(QStringLiteral(", ")), qs(label));
    return QObject::tr("no point of the edited sweep is labelled '%1'").arg(qs(label));
}

} // namespace

std::vector<ClaimCheck> checkableClaims(const presets::Preset& preset, const Experiment& edited) {
    std::set<std::string> labels;
    try {
        for (const auto& p : expandPoints(edited)) labels.insert(p.label);
    } catch (const std::exception&) {
        // An invalid edit has no points; every claim says why below.
    }
    std::vector<ClaimCheck> out;
    for (const auto& claim : preset.expectations) {
        ClaimCheck check{claim, {}};
        for (const std::string* label : {&claim.point, &claim.baseline}) {
            if (labels.count(*label)) continue;
            check.notCheckedWhy = whyMissing(preset, edited, *label);
            break;
        }
        out.push_back(std::move(check));
    }
    return out;
}

QStringList notCheckedTexts(const std::vector<ClaimCheck>& checks) {
    QStringList out;
    for (const auto& c : checks)
        if (!c.notCheckedWhy.isEmpty())
            out << QObject::tr("Not checked: %1 vs %2: %3.")
                       .arg(qs(c.claim.point), qs(c.claim.baseline), c.notCheckedWhy);
    return out;
}

analysis::SweepSummary sweepSummaryFromJson(const nlohmann::json& summary) {
    analysis::SweepSummary out;
    if (!summary.is_object() || !summary.contains("points") || !summary["points"].is_array()) return out;
    for (const auto& p : summary["points"]) {
        if (!p.is_object() || !p.contains("label") || !p["label"].is_string()) continue;
        analysis::PointSummary point;
        point.label = p["label"].get<std::string>();
        // The interval speedups use; summaries written before it was named carry wall_s only.
        const char* interval = p.contains("timed_s") && p["timed_s"].is_object() ? "timed_s" : "wall_s";
        if (p.contains(interval) && p[interval].is_object()) {
            const auto& w = p[interval];
            auto number = [&](const char* key) {
                return w.contains(key) && w[key].is_number() ? w[key].get<double>() : 0.0;
            };
            analysis::Summary s;
            s.count = static_cast<std::size_t>(number("count"));
            s.median = number("median");
            s.min = number("min");
            s.max = number("max");
            s.mean = number("mean");
            s.stddev = number("stddev");
            point.timedSeconds = s;
        }
        out.points.push_back(std::move(point));
    }
    return out;
}

QStringList editedPresetVerdicts(const presets::Preset& preset, const Experiment& edited,
                                 const nlohmann::json& summary) {
    const auto checks = checkableClaims(preset, edited);
    const auto verdicts = presets::checkExpectations(preset, sweepSummaryFromJson(summary));
    QStringList out;
    for (size_t i = 0; i < checks.size() && i < verdicts.size(); ++i) {
        if (!checks[i].notCheckedWhy.isEmpty())
            out << QObject::tr("Not checked: %1 vs %2: %3.")
                       .arg(qs(checks[i].claim.point), qs(checks[i].claim.baseline), checks[i].notCheckedWhy);
        else out << qs(verdicts[i].text);
    }
    return out;
}

} // namespace oversub::ui
