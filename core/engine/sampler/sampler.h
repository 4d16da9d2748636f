#pragma once
// The sampler the conductor and `oversub-cli watch` call at 1-50 Hz from a
// single-threaded loop: one call reads /proc/stat and every watched thread
// and returns at once (no threads, no sleeping, no allocation once warm).
//
// Time: each sample() takes CLOCK_MONOTONIC; shares cover the interval since
// the previous call. The first call only primes the counters: its
// intervalSeconds is 0 and every share (CPU and thread) is 0, while cpu,
// state and the cumulative totals are already filled. The same holds for a
// thread the first time it is seen.

#include "events/samples.h"
#include "sampler/proc_stat_reader.h"
#include "sampler/thread_sampler.h"

#include <cstdint>
#include <string>
#include <vector>

namespace oversub::sampler {

// CLOCK_MONOTONIC in nanoseconds: the one clock of a run.
int64_t monotonicNowNs();

class Sampler {
public:
    explicit Sampler(const std::string& procRoot = "/proc", ThreadSamplerOptions options = {});

    bool watchProcess(int pid, int worker); // false when the process is already gone
    void unwatchProcess(int pid);
    void unwatchAll();
    bool isWatching(int pid) const { return threads_.isWatching(pid); }
    std::vector<int> watchedPids() const { return threads_.watchedPids(); }

    // Samples now. The returned snapshot stays valid until the next call.
    const Snapshot& sample();
    // Samples as if the monotonic clock read `monotonicNs` (replaying fixtures).
    const Snapshot& sampleAt(int64_t monotonicNs);
    const Snapshot& last() const { return snapshot_; }

    // tSeconds counts from here; by default the sampler's construction.
    void setStartMonotonicNs(int64_t monotonicNs) { startNs_ = monotonicNs; }
    double secondsSinceStart() const;

    const ProcStatReader& cpuReader() const { return cpus_; }

private:
    ProcStatReader cpus_;
    ThreadSampler threads_;
    Snapshot snapshot_;
    int64_t startNs_;
    int64_t previousNs_ = 0;
    bool primed_ = false;
};

} // namespace oversub::sampler
