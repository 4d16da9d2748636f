#include "sweep_axes.h"

#include "knobs/knob_table.h"

namespace oversub::ui {
namespace {

QString plural(long long n, const char* one, const char* many) {
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

} // namespace

std::vector<std::string> sweepableKnobNames() {
    std::vector<std::string> names;
    for (const Knob& knob : knobTable())
        if (knob.sweepable && !knob.hidden) names.emplace_back(knob.name);
    return names;
}

QString sweepListExample(const std::string& knobName) {
    for (const Knob& knob : knobTable()) {
        if (knob.name != knobName) continue;
        if (knob.kind == KnobKind::Choice && knob.choices.size() >= 2)
            return QStringLiteral("e.g. %1,%2")
                .arg(QString::fromUtf8(knob.choices[0].data(), static_cast<qsizetype>(knob.choices[0].size())),
                     QString::fromUtf8(knob.choices[1].data(), static_cast<qsizetype>(knob.choices[1].size())));
        if (knob.kind == KnobKind::Bool) return QStringLiteral("e.g. false,true");
        if (knob.kind == KnobKind::Double) return QStringLiteral("e.g. 0.5,1,2");
        return QStringLiteral("e.g. 1,2,4");
    }
    return {};
}

SweepCount sweepCount(const Experiment& experiment) {
    SweepCount count;
    count.points = static_cast<long long>(experiment.sweep.pointCount());
    count.runsPerPoint = experiment.warmup + experiment.repeat;
    return count;
}

QString sweepCountText(const SweepCount& count, int warmup) {
    QString text = QStringLiteral("%1 x %2 each = %3")
                       .arg(plural(count.points, "point", "points"), plural(count.runsPerPoint, "run", "runs"),
                            plural(count.runs(), "run", "runs"));
    if (warmup > 0)
        text += QStringLiteral(" (%1 + %2 measured per point)")
                    .arg(plural(warmup, "warm-up", "warm-ups"))
                    .arg(count.runsPerPoint - warmup);
    return text;
}

} // namespace oversub::ui
