#pragma once
// The one clock of a run: CLOCK_MONOTONIC is system-wide, so the conductor
// and its forked workers read the same timeline. Times in events are seconds
// since the run's start, taken by the conductor before it prepares anything
// and inherited by every worker through fork.

#include <cstdint>
#include <ctime>

namespace oversub::conductor {

inline int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

class RunClock {
public:
    RunClock() : startNs_(monotonicNs()) {}
    explicit RunClock(int64_t startNs) : startNs_(startNs) {}
    int64_t startNs() const { return startNs_; }
    // Seconds since the run's start.
    double now() const { return toSeconds(monotonicNs()); }
    double toSeconds(int64_t monotonicNsValue) const { return static_cast<double>(monotonicNsValue - startNs_) * 1e-9; }

private:
    int64_t startNs_;
};

} // namespace oversub::conductor
