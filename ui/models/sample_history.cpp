#include "models/sample_history.h"

#include "export/csv_writer.h"

#include <cstdio>

namespace oversub::ui {
namespace {
std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}
} // namespace

SampleHistory::SampleHistory(double keepSeconds, size_t maxTicks) : keepSeconds_(keepSeconds), maxTicks_(maxTicks) {}

void SampleHistory::add(double arrivalSeconds, int run, const sampler::Snapshot& snapshot) {
    HistoryTick tick;
    tick.arrivalSeconds = arrivalSeconds;
    tick.engineSeconds = snapshot.tSeconds;
    tick.run = run;
    tick.cpus.reserve(snapshot.cpus.size());
    tick.shares.reserve(snapshot.cpus.size());
    for (const auto& c : snapshot.cpus) {
        tick.cpus.push_back(c.cpu);
        tick.shares.push_back({static_cast<float>(c.user), static_cast<float>(c.nice), static_cast<float>(c.system),
                               static_cast<float>(c.irq), static_cast<float>(c.softirq), static_cast<float>(c.steal),
                               static_cast<float>(c.iowait), static_cast<float>(c.idle)});
    }
    ticks_.push_back(std::move(tick));
    while (!ticks_.empty() && (ticks_.size() > maxTicks_ || ticks_.front().arrivalSeconds < arrivalSeconds - keepSeconds_))
        ticks_.pop_front();
}

std::string SampleHistory::toCsv() const {
    std::string out = csv::row({"t_s", "engine_t_s", "run", "cpu", "user", "nice", "system", "irq", "softirq", "steal",
                                "iowait", "idle", "busy"});
    for (const auto& tick : ticks_) {
        for (size_t i = 0; i < tick.cpus.size(); ++i) {
            const auto& s = tick.shares[i];
            out += csv::row({number(tick.arrivalSeconds), number(tick.engineSeconds), std::to_string(tick.run),
                             std::to_string(tick.cpus[i]), number(s.user), number(s.nice), number(s.system),
                             number(s.irq), number(s.softirq), number(s.steal), number(s.iowait), number(s.idle),
                             number(s.busy())});
        }
    }
    return out;
}

} // namespace oversub::ui
