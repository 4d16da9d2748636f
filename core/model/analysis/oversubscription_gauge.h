#pragma once
// The live oversubscription gauge: from each sampler tick, how many of the
// experiment's threads wanted a CPU on average, against the PUs they may use,
// and what share of their time they spent waiting in the run queue. The
// run-queue share is the main signal; involuntary context switches per second
// are shown beside it but never trusted alone, because OpenBLAS waits with
// sched_yield and the kernel counts a yield that switches as involuntary.

#include "events/samples.h"

#include <string_view>
#include <unordered_map>

namespace oversub::analysis {

// Concurrency bands, as VTune draws them: demand / PUs.
enum class ConcurrencyBand { Idle, Poor, Ok, Ideal, Over };
std::string_view toString(ConcurrencyBand band);
ConcurrencyBand bandOf(double concurrency); // <= 0.5 poor, <= 0.85 ok, <= 1.15 ideal, above over

struct GaugeReading {
    int threadsSeen = 0;            // watched threads in the tick
    double demandThreads = 0;       // average threads running or runnable: sum of (run + runq wait) shares
    double runningThreads = 0;      // average threads on a CPU: sum of run shares
    int allowedPus = 0;
    double concurrency = 0;         // demandThreads / allowedPus (1 = exactly one thread a PU)
    double runqWaitShare = 0;       // runq wait / (run + runq wait) over all watched threads, 0..1
    double involuntarySwitchesPerSecond = 0; // secondary signal, see above
    ConcurrencyBand band = ConcurrencyBand::Idle;
};

class OversubscriptionGauge {
public:
    explicit OversubscriptionGauge(int allowedPus) : allowedPus_(allowedPus) {}

    // One reading per tick. The first tick of a thread gives it no switch rate.
    GaugeReading update(const sampler::Snapshot& snapshot);

private:
    int allowedPus_;
    std::unordered_map<int, uint64_t> involuntaryByTid_;
};

} // namespace oversub::analysis
