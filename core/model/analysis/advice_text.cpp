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
