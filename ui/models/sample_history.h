#pragma once
// The per-CPU shares of recent sampler ticks (run or watch), kept compact and
// bounded in age and count, for the load chart and the samples CSV. Times are
// the window's own monotonic seconds at arrival, so run and watch samples line
// up on one axis; the engine's tick time is kept beside.
//
// Compact because a big machine at 20 Hz is a lot of numbers: 512 CPUs x 10
// minutes is 6 million shares. Each share is a 16-bit count of 1/60000 of the
// interval (exact for the k/n jiffy ratios of short intervals, n = 2..6, 8,
// 10, 12, 15, 16, 20, 24, 25, 30, ...), busy is computed once at arrival, and
// ticks with the same CPUs share one list of CPU numbers.

#include "events/samples.h"

#include <QString>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace oversub::ui {

class CompactShare {
public:
    static constexpr float kUnitsPerShare = 60000.0f;

    CompactShare() = default;
    explicit CompactShare(const sampler::CpuShare& share);

    float user() const { return share(user_); }
    float nice() const { return share(nice_); }
    float system() const { return share(system_); }
    float irq() const { return share(irq_); }
    float softirq() const { return share(softirq_); }
    float steal() const { return share(steal_); }
    float iowait() const { return share(iowait_); }
    float idle() const { return share(idle_); }
    // user + nice + system + irq + softirq + steal, summed before rounding.
    float busy() const { return share(busy_); }

private:
    static float share(uint16_t units) { return static_cast<float>(units) / kUnitsPerShare; }
    uint16_t user_ = 0, nice_ = 0, system_ = 0, irq_ = 0, softirq_ = 0, steal_ = 0, iowait_ = 0, idle_ = 0, busy_ = 0;
};

// OS indexes of a tick's CPUs, shared with the ticks before it while the
// sampler reports the same CPUs (it nearly always does).
class CpuIndexList {
public:
    CpuIndexList();
    explicit CpuIndexList(std::vector<int> cpus);
    size_t size() const { return list_->size(); }
    bool empty() const { return list_->empty(); }
    int operator[](size_t i) const { return (*list_)[i]; }
    std::vector<int>::const_iterator begin() const { return list_->begin(); }
    std::vector<int>::const_iterator end() const { return list_->end(); }
    const std::vector<int>& values() const { return *list_; }

private:
    std::shared_ptr<const std::vector<int>> list_;
};

struct HistoryTick {
    double arrivalSeconds = 0; // window clock
    double engineSeconds = 0; // Snapshot::tSeconds (since run start or watch start)
    int run = -1; // engine run index, -1 for watch
    double intervalSeconds = 0; // Snapshot::intervalSeconds: what the shares cover
    CpuIndexList cpus; // OS indexes, parallel to shares
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

    // Run `run`'s CPU shares over its ticks that arrived at or after
    // `sinceSeconds`, each tick weighted by its interval: what each CPU did
    // over the run as a whole. tSeconds is the last tick's, intervalSeconds
    // the ticks' total; no cpus when there is no such tick.
    sampler::Snapshot meanOfRun(int run, double sinceSeconds) const;

    // Long-format CSV (core's RFC 4180 writer): one row per tick and CPU.
    std::string toCsv() const;

private:
    double keepSeconds_;
    size_t maxTicks_;
    std::deque<HistoryTick> ticks_;
};

} // namespace oversub::ui
