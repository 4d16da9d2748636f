#include "analysis/advice_text.h"

#include "knobs/knob_flag.h"

#include <cmath>
#include <cstdio>

namespace oversub::analysis {

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string duration(double seconds) {
    if (seconds < 1e-3) return fixed(seconds * 1e6, 0) + " us";
    if (seconds < 1) return fixed(seconds * 1e3, 1) + " ms";
    return fixed(seconds, 2) + " s";
}

std::string percent(double share) { return std::to_string(static_cast<long long>(std::lround(share * 100))) + "%"; }

std::string puPhrase(const CpuSet& pus) {
    if (pus.empty()) return "no PU";
    return (pus.count() == 1 ? "PU " : "PUs ") + pus.toList();
}

std::string counted(long long count, const std::string& singular, const std::string& plural) {
    return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

std::string flagsOf(const std::vector<KnobChange>& changes) {
    std::string out;
    for (const auto& c : changes) out += (out.empty() ? "" : " ") + knobFlag(c.knob, c.value);
    return out;
}

std::string fieldsOf(const std::vector<KnobChange>& changes) {
    std::string out;
    for (const auto& c : changes) out += (out.empty() ? "" : ", ") + c.knob + ": " + c.value;
    return out;
}

std::string windowText(const Finding& finding) {
    const auto it = finding.evidence.find("fix_knobs");
    if (it == finding.evidence.end() || !it->is_array() || it->empty()) return finding.text;
    std::vector<KnobChange> changes;
    for (const auto& k : *it) {
        if (!k.is_object() || !k.contains("knob") || !k.contains("value") || !k["knob"].is_string() ||
            !k["value"].is_string())
            return finding.text;
        changes.push_back({k["knob"].get<std::string>(), k["value"].get<std::string>(), ""});
    }
    // The whole set first ("--workers 2 --threads 1" reads "workers: 2, threads: 1"), then any one alone.
    auto replaceAll = [](std::string text, const std::string& from, const std::string& to) {
        for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
        return text;
    };
    std::string text = replaceAll(finding.text, flagsOf(changes), fieldsOf(changes));
    for (const auto& c : changes) text = replaceAll(text, flagsOf({c}), fieldsOf({c}));
    return text;
}

std::string fixText(const Fix& fix) {
    if (!fix.knobs.empty()) return flagsOf(fix.knobs);
    return !fix.shell.empty() ? fix.shell : fix.outside;
}

void addFix(nlohmann::json& evidence, const Fix& fix) {
    auto knobs = nlohmann::json::array();
    for (const auto& c : fix.knobs)
        knobs.push_back(
            {{"knob", c.knob}, {"value", c.value}, {"current", c.current}, {"flag", knobFlag(c.knob, c.value)}});
    evidence["fix"] = fixText(fix);
    evidence["fix_knobs"] = std::move(knobs);
    if (!fix.shell.empty()) evidence["fix_shell"] = fix.shell;
}

} // namespace oversub::analysis
