#include "analysis/run_gauge.h"

namespace oversub::analysis {

std::optional<GaugeReading> runGaugeReading(const RunEvidence& evidence, const events::RunDone& done) {
    const double seconds = done.timedSeconds();
    double busy = 0, wait = 0;
    for (const auto& w : evidence.workerStats) {
        busy += w.busySeconds;
        wait += w.runqWaitSeconds;
    }
    if (seconds <= 0 || busy + wait <= 0) return std::nullopt;
    uint64_t involuntary = 0;
    for (const auto& w : done.workers) involuntary += w.involuntaryCtxSwitches;

    GaugeReading reading;
    reading.threadsSeen = evidence.workers * evidence.threadsPerWorker;
    reading.allowedPus = reachablePus(evidence).count();
    reading.runningThreads = busy / seconds;
    reading.demandThreads = (busy + wait) / seconds;
    reading.concurrency = reading.allowedPus > 0 ? reading.demandThreads / reading.allowedPus : 0;
    reading.runqWaitShare = runqWaitShare(evidence);
    reading.involuntarySwitchesPerSecond = static_cast<double>(involuntary) / seconds;
    reading.band = bandOf(reading.concurrency);
    return reading;
}

} // namespace oversub::analysis
