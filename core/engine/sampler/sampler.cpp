#include "sampler/sampler.h"

#include <time.h>

namespace oversub::sampler {

int64_t monotonicNowNs() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Sampler::Sampler(const std::string& procRoot, ThreadSamplerOptions options)
    : cpus_(procRoot), threads_(procRoot, options), startNs_(monotonicNowNs()) {}

bool Sampler::watchProcess(int pid, int worker) { return threads_.watchProcess(pid, worker); }
void Sampler::unwatchProcess(int pid) { threads_.unwatchProcess(pid); }
void Sampler::unwatchAll() { threads_.unwatchAll(); }

const Snapshot& Sampler::sample() { return sampleAt(monotonicNowNs()); }

const Snapshot& Sampler::sampleAt(int64_t monotonicNs) {
    const double intervalSeconds =
        primed_ && monotonicNs > previousNs_ ? static_cast<double>(monotonicNs - previousNs_) / 1e9 : 0.0;
    snapshot_.monotonicNs = monotonicNs;
    snapshot_.tSeconds = static_cast<double>(monotonicNs - startNs_) / 1e9;
    snapshot_.intervalSeconds = intervalSeconds;
    cpus_.update();
    cpus_.fillShares(snapshot_.cpus);
    threads_.sample(intervalSeconds, snapshot_.threads);
    previousNs_ = monotonicNs;
    primed_ = true;
    return snapshot_;
}

double Sampler::secondsSinceStart() const { return static_cast<double>(monotonicNowNs() - startNs_) / 1e9; }

} // namespace oversub::sampler
