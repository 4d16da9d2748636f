#include "analysis/oversubscription_gauge.h"

#include <algorithm>
#include <unordered_set>

namespace oversub::analysis {

GaugeReading OversubscriptionGauge::update(const sampler::Snapshot& snapshot) {
    GaugeReading r;
    r.allowedPus = allowedPus_;
    r.threadsSeen = static_cast<int>(snapshot.threads.size());
    double waiting = 0;
    uint64_t newSwitches = 0;
    std::unordered_set<int> seen;
    for (const auto& t : snapshot.threads) {
        seen.insert(t.tid);
        r.runningThreads += t.run;
        waiting += t.runqWait;
        auto it = involuntaryByTid_.find(t.tid);
        if (it != involuntaryByTid_.end() && t.involuntaryCtxSwitches >= it->second)
            newSwitches += t.involuntaryCtxSwitches - it->second;
        involuntaryByTid_[t.tid] = t.involuntaryCtxSwitches;
    }
    // Forget threads that are gone, so a recycled tid starts afresh.
    for (auto it = involuntaryByTid_.begin(); it != involuntaryByTid_.end();)
        it = seen.count(it->first) ? std::next(it) : involuntaryByTid_.erase(it);

    r.demandThreads = r.runningThreads + waiting;
    r.runqWaitShare = r.demandThreads > 0 ? waiting / r.demandThreads : 0;
    r.concurrency = allowedPus_ > 0 ? r.demandThreads / allowedPus_ : 0;
    r.involuntarySwitchesPerSecond =
        snapshot.intervalSeconds > 0 ? static_cast<double>(newSwitches) / snapshot.intervalSeconds : 0;
    r.band = bandOf(r.concurrency);
    return r;
}

} // namespace oversub::analysis
