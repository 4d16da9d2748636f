#pragma once
// Small formatting helpers shared by the advisor's rules and the summary
// tables, so every sentence spells numbers and PU lists the same way.

#include "cpuset/cpuset.h"

#include <string>

namespace oversub::analysis {

// Fixed number of decimals: fixed(1.234, 2) == "1.23".
std::string fixed(double value, int decimals);

// A duration a reader can take in: "850 us", "3.2 ms", "1.50 s".
std::string duration(double seconds);

// Rounded percentage: percent(0.314) == "31%".
std::string percent(double share);

// "PU 0", "PUs 0-1,4", "no PU".
std::string puPhrase(const CpuSet& pus);

// "1 worker", "2 workers".
std::string counted(long long count, const std::string& singular, const std::string& plural);

} // namespace oversub::analysis
