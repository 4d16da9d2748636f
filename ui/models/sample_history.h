#pragma once
// The per-CPU shares of recent sampler ticks (run or watch), kept compact
// (floats) and bounded in age and count, for the load chart and the samples
// CSV. Times are the window's own monotonic seconds at arrival, so run and
// watch samples line up on one axis; the engine's tick time is kept beside.

#include "sampler/samples.h"

#include <QString>

#include <deque>
#include <string>
#include <vector>

namespace oversub::ui {

struct CompactShare {
    float user = 0, nice = 0, system = 0, irq = 0, softirq = 0, steal = 0, iowait = 0, idle = 0;
    float busy() const { return user + nice + system + irq + softirq + steal; }
};

struct HistoryTick {
    double arrivalSeconds = 0;  // window clock
    double engineSeconds = 0;   // Snapshot::tSeconds (since run start or watch start)
    int run = -1;               // engine run index, -1 for watch
    std::vector<int> cpus;      // OS indexes, parallel to shares
    std::vector<CompactShare> shares;
};

class SampleHistory {
public:
    explicit SampleHistory(double keepSeconds = 600, size_t maxTicks = 20000);

    void add(double arrivalSeconds, int run, const sampler::Snapshot& snapshot);
    void clear() { ticks_.clear(); }
    const std::deque<HistoryTick>& ticks() const { return ticks_; }
    bool empty() const { return ticks_.empty(); }
    double latestSeconds() const { return ticks_.empty() ? 0 : ticks_.back().arrivalSeconds; }

    // Long-format CSV (core's RFC 4180 writer): one row per tick and CPU.
    std::string toCsv() const;

private:
    double keepSeconds_;
    size_t maxTicks_;
    std::deque<HistoryTick> ticks_;
};

} // namespace oversub::ui
