#include "export/run_comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace oversub {
namespace {

using nlohmann::json;

// Arrays longer than this are shown as "[N values]": a per-PU list of a
// 512-PU machine is not a table cell.
constexpr size_t kInlineArrayItems = 8;

ComparedValue row(std::string section, std::string name, std::optional<json> a, std::optional<json> b) {
    ComparedValue v{std::move(section), std::move(name), std::move(a), std::move(b), std::nullopt, std::nullopt};
    if (v.a && v.b && v.a->is_number() && v.b->is_number()) {
        const double x = v.a->get<double>(), y = v.b->get<double>();
        v.difference = y - x;
        if (x != 0) v.ratio = y / x;
    }
    return v;
}

// Nested objects become "outer.inner" keys, in the object's own order
// (ordered_json keeps the order it was built in, json sorts by key);
// arrays and scalars stay values.
using Flat = std::vector<std::pair<std::string, json>>;

template <typename Json>
void flatten(const Json& value, const std::string& prefix, Flat& out) {
    if (value.is_object() && !value.empty()) {
        for (const auto& [key, inner] : value.items()) flatten(inner, prefix.empty() ? key : prefix + "." + key, out);
        return;
    }
    out.emplace_back(prefix, json(value));
}

template <typename Json>
Flat flattened(const Json& value) {
    Flat out;
    if (value.is_object()) flatten(value, "", out);
    return out;
}

std::optional<json> lookup(const Flat& values, const std::string& key) {
    const auto it = std::find_if(values.begin(), values.end(), [&](const auto& entry) { return entry.first == key; });
    return it == values.end() ? std::nullopt : std::optional<json>(it->second);
}

// The figures in the order a reader asks for them: how it ended, how long, where the time went.
nlohmann::ordered_json runFigures(const events::RunDone& done) {
    const auto& p = done.phases;
    nlohmann::ordered_json figures = {{"status", std::string(events::toString(done.status))},
                                      {"wall_s", done.wallSeconds},
                                      {"timed_s", done.timedSeconds()},
                                      {"phases",
                                       {{"prepare_s", p.prepareSeconds},
                                        {"spawn_s", p.spawnSeconds},
                                        {"delivery_s", p.deliverySeconds},
                                        {"compute_s", p.computeSeconds},
                                        {"collect_s", p.collectSeconds},
                                        {"wait_s", p.waitSeconds},
                                        {"teardown_s", p.teardownSeconds}}},
                                      {"workers", done.workers.size()}};
    if (done.gflops > 0) figures["gflops"] = done.gflops;
    if (done.gbps > 0) figures["gbps"] = done.gbps;
    if (!done.fitsIn.empty()) figures["fits_in"] = done.fitsIn;
    return figures;
}

// Rows of the keys of either side: A's in its order, then those only B has.
void appendAll(std::vector<ComparedValue>& rows, const std::string& section, const Flat& a, const Flat& b,
               bool onlyDifferent) {
    std::vector<std::string> keys;
    std::set<std::string> seen;
    for (const Flat* side : {&a, &b})
        for (const auto& entry : *side)
            if (seen.insert(entry.first).second) keys.push_back(entry.first);
    for (const auto& key : keys) {
        ComparedValue v = row(section, key, lookup(a, key), lookup(b, key));
        if (!onlyDifferent || !v.same()) rows.push_back(std::move(v));
    }
}

const events::Finding* findById(const std::vector<events::Finding>& findings, const std::string& id) {
    const auto it = std::find_if(findings.begin(), findings.end(), [&](const auto& f) { return f.id == id; });
    return it == findings.end() ? nullptr : &*it;
}

std::string formatNumber(double x) {
    if (!std::isfinite(x)) return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", x);
    return text;
}

} // namespace

std::vector<ComparedValue> compareRuns(const RunRecord& a, const RunRecord& b) {
    std::vector<ComparedValue> rows;
    appendAll(rows, kComparisonKnobsSection, flattened(toJson(a.experiment)), flattened(toJson(b.experiment)), true);
    appendAll(rows, kComparisonRunSection, flattened(runFigures(a.done)), flattened(runFigures(b.done)), false);

    std::vector<std::string> ids;
    for (const auto& f : a.done.findings) ids.push_back(f.id);
    for (const auto& f : b.done.findings)
        if (!findById(a.done.findings, f.id)) ids.push_back(f.id);
    for (const auto& id : ids) {
        const events::Finding* fa = findById(a.done.findings, id);
        const events::Finding* fb = findById(b.done.findings, id);
        auto severity = [](const events::Finding* f) { return f ? std::optional<json>(f->severity) : std::nullopt; };
        rows.push_back(row(id, "", severity(fa), severity(fb)));
        appendAll(rows, id, fa ? flattened(fa->evidence) : Flat{}, fb ? flattened(fb->evidence) : Flat{}, false);
    }
    return rows;
}

std::string describeValue(const json& value) {
    if (value.is_number()) return formatNumber(value.get<double>());
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
    if (value.is_null()) return "-";
    if (value.is_array()) {
        if (value.size() > kInlineArrayItems) return "[" + std::to_string(value.size()) + " values]";
        std::string text = "[";
        for (size_t i = 0; i < value.size(); ++i) text += (i ? ", " : "") + describeValue(value[i]);
        return text + "]";
    }
    return value.dump();
}

} // namespace oversub
