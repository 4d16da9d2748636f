#pragma once
// The live oversubscription gauge: from each sampler tick, how many of the
// experiment's threads wanted a CPU on average, against the PUs they may use,
// and what share of their time they spent waiting in the run queue. The
// run-queue share is the main signal; involuntary context switches per second
// are shown beside it but never trusted alone, because OpenBLAS waits with
// sched_yield and the kernel counts a yield that switches as involuntary.
// The engine reads it on every tick of a run or a watched tree and writes
// the reading into the sample event (events/gauge_reading.h).

#include "events/gauge_reading.h"
#include "events/samples.h"

#include <unordered_map>

namespace oversub::analysis {

class OversubscriptionGauge {
public:
    explicit OversubscriptionGauge(int allowedPus) : allowedPus_(allowedPus) {}
    // The PUs became known (workers ready) or changed: the threads' switch
    // counts are kept, so the next reading still has a rate.
    void setAllowedPus(int allowedPus) { allowedPus_ = allowedPus; }
    int allowedPus() const { return allowedPus_; }

    // One reading per tick. The first tick of a thread gives it no switch rate.
    GaugeReading update(const sampler::Snapshot& snapshot);

private:
    int allowedPus_;
    std::unordered_map<int, uint64_t> involuntaryByTid_;
};

} // namespace oversub::analysis
