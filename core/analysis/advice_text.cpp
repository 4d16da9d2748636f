#include "analysis/advice_text.h"

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

std::string percent(double share) {
    return std::to_string(static_cast<long long>(std::lround(share * 100))) + "%";
}

std::string puPhrase(const CpuSet& pus) {
    if (pus.empty()) return "no PU";
    return (pus.count() == 1 ? "PU " : "PUs ") + pus.toList();
}

std::string counted(long long count, const std::string& singular, const std::string& plural) {
    return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

} // namespace oversub::analysis
