#include "events/finding.h"

#include "util/input_error.h"

#include <algorithm>

namespace oversub::analysis {

int severityRank(std::string_view severity) {
    if (severity == kSeverityInfo) return 0;
    if (severity == kSeverityWarning) return 1;
    if (severity == kSeverityProblem) return 2;
    throw InputError("severity", std::string(severity), "info | warning | problem");
}

nlohmann::json toJson(const Finding& finding) {
    return {{"id", finding.id}, {"severity", finding.severity}, {"text", finding.text}, {"evidence", finding.evidence}};
}

nlohmann::json toJson(const std::vector<Finding>& findings) {
    auto out = nlohmann::json::array();
    for (const auto& f : findings) out.push_back(toJson(f));
    return out;
}

Finding findingFromJson(const nlohmann::json& json) {
    if (!json.is_object()) throw InputError("findings", json.dump(), "an object {id, severity, text, evidence}");
    auto text = [&](const char* key) {
        const auto it = json.find(key);
        if (it == json.end() || !it->is_string())
            throw InputError(std::string("findings.") + key, it == json.end() ? "(missing)" : it->dump(), "a string");
        return it->get<std::string>();
    };
    Finding f;
    f.id = text("id");
    f.severity = text("severity");
    severityRank(f.severity);
    f.text = text("text");
    if (const auto it = json.find("evidence"); it != json.end()) f.evidence = *it;
    return f;
}

std::vector<Finding> findingsFromJson(const nlohmann::json& json) {
    if (!json.is_array()) throw InputError("findings", json.dump(), "an array");
    std::vector<Finding> out;
    for (const auto& item : json) out.push_back(findingFromJson(item));
    return out;
}

void sortBySeverity(std::vector<Finding>& findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return severityRank(a.severity) > severityRank(b.severity);
    });
}

} // namespace oversub::analysis
