#include "experiment/series.h"

#include "experiment/sweep.h"

#include "knobs/knob_table.h"

namespace oversub {

bool isParallelismKnob(std::string_view knob) { return knob == "workers" || knob == "threads"; }

bool isSeriesKnob(std::string_view knob) {
    if (isParallelismKnob(knob)) return false;
    for (const auto& k : knobTable())
        if (k.name == knob) return k.group != "Run";
    return false;
}

std::string sweepSeriesName(const SweepSpec& spec, const Experiment& point) {
    std::string out;
    for (const auto& axis : spec.axes) {
        if (axis.values.size() < 2 || !isSeriesKnob(axis.knob)) continue;
        if (!out.empty()) out += ' ';
        out += axis.knob + "=" + axisValueLabel(axis, getKnob(point, axis.knob));
    }
    return out;
}

std::string seriesKey(const Experiment& experiment) {
    std::string key;
    for (const auto& k : knobTable()) {
        if (!isSeriesKnob(k.name)) continue;
        key += std::string(k.name) + '=' + getKnob(experiment, k.name) + '\n';
    }
    return key;
}

} // namespace oversub
