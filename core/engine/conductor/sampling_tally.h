#pragma once
// Counts a run's sampler ticks as they are taken, so run_done can say at
// which rate the run was really sampled (events::SamplingStats): at thousands
// of threads a tick's /proc reads can outlast the period, and the timer's
// missed expirations then simply do not produce samples.

#include "events/event_kinds.h"

#include <optional>

namespace oversub::conductor {

class SamplingTally {
public:
    void setRequestedHz(double hz) { requestedHz_ = hz; }
    void tick(double atSeconds);
    // Absent without a rate or with fewer than two ticks (nothing to measure).
    std::optional<events::SamplingStats> stats() const;

private:
    double requestedHz_ = 0;
    int samples_ = 0;
    double firstS_ = 0, lastS_ = 0, longestGapS_ = 0;
};

} // namespace oversub::conductor
