#include "external/stopped_process_watch.h"

#include <algorithm>

namespace oversub::external {

std::optional<StoppedProcess> StoppedProcessWatch::update(const std::vector<ProcessRow>& members, double nowS) {
    std::vector<StoppedProcess> stillStopped;
    for (const ProcessRow& row : members) {
        if (row.state != 'T') continue; // 't' is a tracing stop: a debugger's, not a failure
        const auto known =
            std::find_if(stopped_.begin(), stopped_.end(), [&](const StoppedProcess& s) { return s.pid == row.pid; });
        stillStopped.push_back(known != stopped_.end() ? *known : StoppedProcess{row.pid, nowS});
    }
    stopped_ = std::move(stillStopped);
    const auto longest = std::min_element(stopped_.begin(), stopped_.end(),
                                          [](const auto& a, const auto& b) { return a.sinceS < b.sinceS; });
    if (longest == stopped_.end() || nowS - longest->sinceS < kStopGraceSeconds) return std::nullopt;
    return *longest;
}

} // namespace oversub::external
