#pragma once
// One piece of advice: a stable id (scripts and the window key on it), a
// severity, one plain sentence a teacher can read aloud, and the numbers it
// was drawn from. Stored in run_done / the results JSON as
// findings: [{id, severity, text, evidence}].

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace oversub::analysis {

// Severities, mildest first.
inline constexpr std::string_view kSeverityInfo = "info";
inline constexpr std::string_view kSeverityWarning = "warning";
inline constexpr std::string_view kSeverityProblem = "problem";

// Stable ids. Never rename one: saved results and the window refer to them.
inline constexpr std::string_view kAffinityNarrowed = "affinity-narrowed";
inline constexpr std::string_view kOversubscribed = "oversubscribed";
inline constexpr std::string_view kMemoryBound = "memory-bound";
inline constexpr std::string_view kDeliveryDominated = "delivery-dominated";
inline constexpr std::string_view kLoadImbalance = "load-imbalance";
inline constexpr std::string_view kSmtShared = "smt-shared";
inline constexpr std::string_view kGoodScaling = "good-scaling";
inline constexpr std::string_view kSlowerThanSerial = "slower-than-serial";
inline constexpr std::string_view kRunFailed = "run-failed";
inline constexpr std::string_view kCpuContention = "cpu-contention";
inline constexpr std::string_view kSuperlinear = "superlinear";
inline constexpr std::string_view kBaseFailed = "base-failed";
inline constexpr std::string_view kCacheResident = "cache-resident";
inline constexpr std::string_view kShortRun = "short-run";
inline constexpr std::string_view kSamplingBelowRate = "sampling-below-rate";
inline constexpr std::string_view kRanksOnOneCore = "ranks-on-one-core";
inline constexpr std::string_view kRankThreadsConfined = "rank-threads-confined";

struct Finding {
    std::string id, severity, text;
    nlohmann::json evidence = nlohmann::json::object();
    bool operator==(const Finding&) const = default;
};

// 0 info, 1 warning, 2 problem; throws InputError (field "severity") otherwise.
int severityRank(std::string_view severity);

nlohmann::json toJson(const Finding& finding);
nlohmann::json toJson(const std::vector<Finding>& findings);
// Throws InputError naming the key when id/severity/text is missing or the
// severity is unknown. findingFromJson(toJson(f)) == f.
Finding findingFromJson(const nlohmann::json& json);
std::vector<Finding> findingsFromJson(const nlohmann::json& json);

// Most severe first, stable otherwise.
void sortBySeverity(std::vector<Finding>& findings);

} // namespace oversub::analysis
