#pragma once
// One reading of the oversubscription gauge (analysis/oversubscription_gauge.h
// computes it from a sampler tick): carried by the sample event as "gauge",
// so the window shows, and `oversub-cli` records, the very same figure.

#include <string_view>

namespace oversub::analysis {

// Concurrency bands, as VTune draws them: demand / PUs.
enum class ConcurrencyBand { Idle, Poor, Ok, Ideal, Over };
std::string_view toString(ConcurrencyBand band);
ConcurrencyBand bandOf(double concurrency); // <= 0.5 poor, <= 0.85 ok, <= 1.15 ideal, above over

struct GaugeReading {
    int threadsSeen = 0; // watched threads in the tick
    double demandThreads = 0; // average threads running or runnable: sum of (run + runq wait) shares
    double runningThreads = 0; // average threads on a CPU: sum of run shares
    int allowedPus = 0;
    double concurrency = 0; // demandThreads / allowedPus (1 = exactly one thread a PU)
    double runqWaitShare = 0; // runq wait / (run + runq wait) over all watched threads, 0..1
    double involuntarySwitchesPerSecond = 0; // secondary signal: OpenBLAS's sched_yield counts here too
    ConcurrencyBand band = ConcurrencyBand::Idle;
    bool operator==(const GaugeReading&) const = default;
};

} // namespace oversub::analysis
