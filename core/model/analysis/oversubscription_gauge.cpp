#include "analysis/oversubscription_gauge.h"

#include <algorithm>
#include <unordered_set>

namespace oversub::analysis {

std::string_view toString(ConcurrencyBand band) {
    switch (band) {
    case ConcurrencyBand::Idle: return "idle";
    case ConcurrencyBand::Poor: return "poor";
    case ConcurrencyBand::Ok: return "ok";
    case ConcurrencyBand::Ideal: return "ideal";
    case ConcurrencyBand::Over: return "over";
    }
    return "?";
}

ConcurrencyBand bandOf(double concurrency) {
    if (concurrency <= 0) return ConcurrencyBand::Idle;
    if (concurrency <= 0.50) return ConcurrencyBand::Poor;
    if (concurrency <= 0.85) return ConcurrencyBand::Ok;
    if (concurrency <= 1.15) return ConcurrencyBand::Ideal;
    return ConcurrencyBand::Over;
}

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
