#include "models/sample_history.h"

#include "export/csv_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace oversub::ui {
namespace {
std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

// Shares slightly above 1 (jiffy rounding) still fit: 65535 units = 1.09.
uint16_t unitsOf(double share) {
    if (!std::isfinite(share)) return 0;
    return static_cast<uint16_t>(std::clamp(std::round(share * CompactShare::kUnitsPerShare), 0.0, 65535.0));
}
} // namespace

CompactShare::CompactShare(const sampler::CpuShare& s)
    : user_(unitsOf(s.user)), nice_(unitsOf(s.nice)), system_(unitsOf(s.system)), irq_(unitsOf(s.irq)),
      softirq_(unitsOf(s.softirq)), steal_(unitsOf(s.steal)), iowait_(unitsOf(s.iowait)), idle_(unitsOf(s.idle)),
      busy_(unitsOf(s.busy())) {}

CpuIndexList::CpuIndexList() : list_(std::make_shared<const std::vector<int>>()) {}

CpuIndexList::CpuIndexList(std::vector<int> cpus) : list_(std::make_shared<const std::vector<int>>(std::move(cpus))) {}

SampleHistory::SampleHistory(double keepSeconds, size_t maxTicks) : keepSeconds_(keepSeconds), maxTicks_(maxTicks) {}

void SampleHistory::add(double arrivalSeconds, int run, const sampler::Snapshot& snapshot) {
    HistoryTick tick;
    tick.arrivalSeconds = arrivalSeconds;
    tick.engineSeconds = snapshot.tSeconds;
    tick.run = run;
    tick.intervalSeconds = snapshot.intervalSeconds;
    const bool sameCpus = !ticks_.empty() && ticks_.back().cpus.size() == snapshot.cpus.size() &&
                          std::equal(snapshot.cpus.begin(), snapshot.cpus.end(), ticks_.back().cpus.begin(),
                                     [](const sampler::CpuShare& c, int cpu) { return c.cpu == cpu; });
    if (sameCpus) {
        tick.cpus = ticks_.back().cpus;
    } else {
        std::vector<int> cpus;
        cpus.reserve(snapshot.cpus.size());
        for (const auto& c : snapshot.cpus) cpus.push_back(c.cpu);
        tick.cpus = CpuIndexList(std::move(cpus));
    }
    tick.shares.reserve(snapshot.cpus.size());
    for (const auto& c : snapshot.cpus) tick.shares.emplace_back(c);
    ticks_.push_back(std::move(tick));
    while (!ticks_.empty() &&
           (ticks_.size() > maxTicks_ || ticks_.front().arrivalSeconds < arrivalSeconds - keepSeconds_))
        ticks_.pop_front();
}

sampler::Snapshot SampleHistory::meanOfRun(int run, double sinceSeconds) const {
    std::map<int, sampler::CpuShare> sums; // by OS index
    sampler::Snapshot mean;
    for (const HistoryTick& tick : ticks_) {
        if (tick.run != run || tick.arrivalSeconds < sinceSeconds || tick.intervalSeconds <= 0) continue;
        const double w = tick.intervalSeconds;
        for (size_t i = 0; i < tick.shares.size(); ++i) {
            sampler::CpuShare& sum = sums[tick.cpus[i]];
            const CompactShare& share = tick.shares[i];
            sum.user += w * share.user();
            sum.nice += w * share.nice();
            sum.system += w * share.system();
            sum.irq += w * share.irq();
            sum.softirq += w * share.softirq();
            sum.steal += w * share.steal();
            sum.iowait += w * share.iowait();
            sum.idle += w * share.idle();
        }
        mean.intervalSeconds += w;
        mean.tSeconds = tick.engineSeconds;
    }
    if (mean.intervalSeconds <= 0) return mean;
    const double total = mean.intervalSeconds;
    for (auto& [cpu, sum] : sums) {
        sum.cpu = cpu;
        for (double* share :
             {&sum.user, &sum.nice, &sum.system, &sum.irq, &sum.softirq, &sum.steal, &sum.iowait, &sum.idle})
            *share /= total;
        mean.cpus.push_back(sum);
    }
    return mean;
}

std::string SampleHistory::toCsv() const {
    std::string out = csv::row({"t_s", "engine_t_s", "run", "cpu", "user", "nice", "system", "irq", "softirq", "steal",
                                "iowait", "idle", "busy"});
    for (const auto& tick : ticks_) {
        for (size_t i = 0; i < tick.cpus.size(); ++i) {
            const auto& s = tick.shares[i];
            out += csv::row({number(tick.arrivalSeconds), number(tick.engineSeconds), std::to_string(tick.run),
                             std::to_string(tick.cpus[i]), number(s.user()), number(s.nice()), number(s.system()),
                             number(s.irq()), number(s.softirq()), number(s.steal()), number(s.iowait()),
                             number(s.idle()), number(s.busy())});
        }
    }
    return out;
}

} // namespace oversub::ui
