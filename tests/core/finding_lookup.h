#pragma once
// Looking a finding up by id in what the advisor returned, for the advisor tests.

#include "events/finding.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace oversub::test {

inline const analysis::Finding* find(const std::vector<analysis::Finding>& findings, std::string_view id) {
    const auto it = std::find_if(findings.begin(), findings.end(), [&](const auto& f) { return f.id == id; });
    return it == findings.end() ? nullptr : &*it;
}

inline bool has(const std::vector<analysis::Finding>& findings, std::string_view id) {
    return find(findings, id) != nullptr;
}

} // namespace oversub::test
