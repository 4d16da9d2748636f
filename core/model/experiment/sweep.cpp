// Sweep parsing and expansion (order documented in sweep.h).

#include "experiment/sweep.h"

#include "knobs/knob_table.h"
#include "util/input_error.h"

#include <algorithm>

namespace oversub {

namespace {

bool splitsOnComma(const Knob& k) {
    return k.kind == KnobKind::Int || k.kind == KnobKind::Double || k.kind == KnobKind::Choice ||
           k.kind == KnobKind::Bool;
}

// `command` is free text, so it is not `sweepable` in the knob table (a list
// typed as "a,b" would be split inside a command line), but an experiment file
// may still list whole command lines as an axis: a preset compares a program
// with and without a flag (e.g. the seed's Pool script without and with its
// cure). Each value is one command, never split at commas.
bool sweepsWholeText(const Knob& k) { return k.name == "command"; }

bool mayTakeSeveralValues(const Knob& k) { return k.sweepable || sweepsWholeText(k); }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

} // namespace

std::vector<std::string> parseSweepList(std::string_view knobName, std::string_view listText) {
    const Knob& k = knob(knobName);
    if (!splitsOnComma(k)) return {validateValue(k, listText)};
    std::vector<std::string> values;
    size_t start = 0;
    while (true) {
        const size_t comma = listText.find(',', start);
        const std::string_view item =
            trim(listText.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (item.empty())
            throw InputError(std::string(k.name), std::string(listText),
                             "a comma-separated list of " + k.allowedText() + " without empty items");
        values.push_back(validateValue(k, item)); // names the knob and the item
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (values.size() > 1 && !mayTakeSeveralValues(k))
        throw InputError(std::string(k.name), std::string(listText),
                         "a single value (" + std::string(k.name) + " cannot be swept): " + k.allowedText());
    return values;
}

void validateSweep(const SweepSpec& spec) {
    double points = 1;
    for (size_t i = 0; i < spec.axes.size(); ++i) {
        const SweepAxis& axis = spec.axes[i];
        const Knob& k = knob(axis.knob);
        if (axis.values.empty()) throw InputError("sweep", std::string(k.name), "at least one value per swept knob");
        if (axis.values.size() > 1 && !mayTakeSeveralValues(k))
            throw InputError("sweep", std::string(k.name), "sweepable knobs only (and command)");
        for (const auto& v : axis.values) validateValue(k, v);
        for (size_t j = 0; j < i; ++j)
            if (spec.axes[j].knob == axis.knob)
                throw InputError("sweep", std::string(k.name), "each knob at most once");
        points *= static_cast<double>(axis.values.size());
    }
    if (points > static_cast<double>(kMaxSweepPoints))
        throw InputError("sweep", formatDouble(points) + " points",
                         "at most " + std::to_string(kMaxSweepPoints) + " points");
}

SweepSpec parseSweep(const std::vector<std::pair<std::string, std::string>>& lists) {
    SweepSpec spec;
    for (const auto& [name, text] : lists) {
        const Knob& k = knob(name);
        spec.axes.push_back({std::string(k.name), parseSweepList(k.name, text)});
    }
    validateSweep(spec);
    return spec;
}

namespace {

// Long values of one axis (whole command lines) are labelled by what tells
// them apart: the program's name (the first word before any option that
// names a file, "pool_matmul.py"; else the first word) and the words where
// the values differ, each path cut to its last part. "{python}
// {resources}/scripts/pool_matmul.py --workers {workers} --cure" reads
// "pool_matmul.py --cure" beside "pool_matmul.py". When two labels would be
// the same, every value is shown whole.
constexpr size_t kLongValue = 32;

std::vector<std::string> wordsOf(const std::string& value) {
    std::vector<std::string> words;
    size_t i = 0;
    while ((i = value.find_first_not_of(" \t", i)) != std::string::npos) {
        const size_t end = value.find_first_of(" \t", i);
        words.push_back(value.substr(i, end == std::string::npos ? std::string::npos : end - i));
        i = end;
    }
    return words;
}

std::string lastPart(const std::string& word) {
    const size_t slash = word.find_last_of('/');
    return slash == std::string::npos || slash + 1 == word.size() ? word : word.substr(slash + 1);
}

std::string programName(const std::vector<std::string>& words) {
    for (const auto& word : words) {
        if (word.front() == '-') break;
        const std::string name = lastPart(word);
        if (name.find('.') != std::string::npos && name.front() != '{') return name;
    }
    return words.empty() ? "" : lastPart(words.front());
}

std::string derivedLabel(const std::vector<std::vector<std::string>>& all, size_t which, bool cutPaths) {
    const auto& words = all[which];
    size_t prefix = words.size(), suffix = words.size();
    for (const auto& other : all) {
        size_t n = 0;
        while (n < prefix && n < other.size() && other[n] == words[n]) ++n;
        prefix = n;
        size_t m = 0;
        while (m < suffix && m < other.size() && other[other.size() - 1 - m] == words[words.size() - 1 - m]) ++m;
        suffix = m;
    }
    for (const auto& other : all) suffix = std::min(suffix, other.size() - std::min(prefix, other.size()));
    suffix = std::min(suffix, words.size() - prefix);
    // A differing option value keeps its option: "--mode fast", not "fast".
    if (prefix > 0 && prefix < words.size() - suffix && words[prefix - 1].front() == '-' &&
        words[prefix].front() != '-')
        --prefix;
    const std::string program = programName(words);
    std::string label;
    bool programShown = false;
    for (size_t i = prefix; i < words.size() - suffix; ++i) {
        const std::string word = cutPaths ? lastPart(words[i]) : words[i];
        programShown = programShown || lastPart(words[i]) == program;
        label += (label.empty() ? "" : " ") + word;
    }
    return programShown || program.empty() ? label : label.empty() ? program : program + " " + label;
}

bool allDistinct(std::vector<std::string> labels) {
    std::sort(labels.begin(), labels.end());
    return std::adjacent_find(labels.begin(), labels.end()) == labels.end();
}

} // namespace

std::string axisValueLabel(const SweepAxis& axis, const std::string& value) {
    if (value.size() <= kLongValue) return value;
    const auto at = std::find(axis.values.begin(), axis.values.end(), value);
    if (at == axis.values.end()) return value;
    const size_t which = static_cast<size_t>(at - axis.values.begin());
    std::vector<std::vector<std::string>> all;
    for (const auto& v : axis.values) all.push_back(wordsOf(v));
    for (const bool cutPaths : {true, false}) {
        std::vector<std::string> labels;
        for (size_t i = 0; i < all.size(); ++i)
            labels.push_back(axis.values[i].size() <= kLongValue ? axis.values[i] : derivedLabel(all, i, cutPaths));
        if (allDistinct(labels) && std::none_of(labels.begin(), labels.end(), [](const auto& l) { return l.empty(); }))
            return labels[which];
    }
    return value;
}

std::string pointLabel(const SweepSpec& spec, const Experiment& point) {
    std::string label;
    for (const auto& axis : spec.axes) {
        if (axis.values.size() < 2) continue;
        if (!label.empty()) label += ' ';
        label += axis.knob + "=" + axisValueLabel(axis, getKnob(point, axis.knob));
    }
    return label;
}

std::vector<SweepPoint> expandPoints(const Experiment& base, const SweepSpec& spec) {
    validateSweep(spec);
    const size_t total = spec.pointCount();
    std::vector<SweepPoint> points;
    points.reserve(total);
    std::vector<size_t> digit(spec.axes.size(), 0); // odometer, last axis fastest
    for (size_t n = 0; n < total; ++n) {
        SweepPoint p;
        p.index = static_cast<int>(n);
        p.experiment = base;
        p.experiment.sweep = {};
        for (size_t a = 0; a < spec.axes.size(); ++a)
            setKnob(p.experiment, spec.axes[a].knob, spec.axes[a].values[digit[a]]);
        p.label = pointLabel(spec, p.experiment);
        try {
            validateSinglePoint(p.experiment);
        } catch (const InputError& e) {
            if (p.label.empty()) throw;
            throw InputError(e.field(), e.value(), e.allowed() + ", at sweep point " + p.label);
        }
        points.push_back(std::move(p));
        for (size_t a = spec.axes.size(); a-- > 0;) {
            if (++digit[a] < spec.axes[a].values.size()) break;
            digit[a] = 0;
        }
    }
    return points;
}

std::vector<Experiment> expand(const Experiment& base, const SweepSpec& spec) {
    std::vector<Experiment> out;
    for (auto& p : expandPoints(base, spec)) out.push_back(std::move(p.experiment));
    return out;
}

std::vector<SweepPoint> expandPoints(const Experiment& experiment) {
    return expandPoints(experiment, experiment.sweep);
}

} // namespace oversub
