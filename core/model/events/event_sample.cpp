// Writer and reader of the sample event: one sampler::Snapshot. Keys are
// short but whole words; shares are rounded to 6 decimals to keep a 512-PU
// sample line small.

#include "events/event.h"
#include "events/json_fields.h"

namespace oversub::events {

namespace {

OrderedJson cpuJson(const sampler::CpuShare& c) {
    return OrderedJson{{"cpu", c.cpu},
                       {"user", roundShare(c.user)},
                       {"nice", roundShare(c.nice)},
                       {"system", roundShare(c.system)},
                       {"irq", roundShare(c.irq)},
                       {"softirq", roundShare(c.softirq)},
                       {"steal", roundShare(c.steal)},
                       {"iowait", roundShare(c.iowait)},
                       {"idle", roundShare(c.idle)}};
}

sampler::CpuShare cpuFromJson(const Json& j) {
    const Fields f(j, "sample.cpus[]");
    sampler::CpuShare c;
    c.cpu = f.integer("cpu");
    c.user = f.number("user");
    c.nice = f.numberOr("nice", 0);
    c.system = f.number("system");
    c.irq = f.numberOr("irq", 0);
    c.softirq = f.numberOr("softirq", 0);
    c.steal = f.numberOr("steal", 0);
    c.iowait = f.numberOr("iowait", 0);
    c.idle = f.number("idle");
    return c;
}

std::string stateText(char state) {
    const bool printable = state > ' ' && state < 127 && state != '"' && state != '\\';
    return std::string(1, printable ? state : '?');
}

OrderedJson threadJson(const sampler::ThreadSample& t) {
    return OrderedJson{{"pid", t.pid},
                       {"tid", t.tid},
                       {"worker", t.worker},
                       {"cpu", t.cpu},
                       {"state", stateText(t.state)},
                       {"fresh", t.stateIsFresh},
                       {"user", roundShare(t.user)},
                       {"system", roundShare(t.system)},
                       {"run", roundShare(t.run)},
                       {"runq_wait", roundShare(t.runqWait)},
                       {"run_ns", t.runNsTotal},
                       {"runq_wait_ns", t.runqWaitNsTotal},
                       {"utime_ticks", t.utimeTicksTotal},
                       {"stime_ticks", t.stimeTicksTotal},
                       {"timeslices", t.timeslicesTotal},
                       {"voluntary_ctx_switches", t.voluntaryCtxSwitches},
                       {"involuntary_ctx_switches", t.involuntaryCtxSwitches}};
}

sampler::ThreadSample threadFromJson(const Json& j) {
    const Fields f(j, "sample.threads[]");
    sampler::ThreadSample t;
    t.pid = f.integer("pid");
    t.tid = f.integer("tid");
    t.worker = f.integerOr("worker", -1);
    t.cpu = f.integerOr("cpu", -1);
    const std::string state = f.text("state");
    if (state.size() != 1) f.fail("state", "one letter (R, S, D, ...)");
    t.state = state[0];
    t.stateIsFresh = !f.has("fresh") || f.boolean("fresh");
    t.user = f.numberOr("user", 0);
    t.system = f.numberOr("system", 0);
    t.run = f.numberOr("run", 0);
    t.runqWait = f.numberOr("runq_wait", 0);
    t.runNsTotal = f.has("run_ns") ? f.uint64("run_ns") : 0;
    t.runqWaitNsTotal = f.has("runq_wait_ns") ? f.uint64("runq_wait_ns") : 0;
    t.utimeTicksTotal = f.has("utime_ticks") ? f.uint64("utime_ticks") : 0;
    t.stimeTicksTotal = f.has("stime_ticks") ? f.uint64("stime_ticks") : 0;
    t.timeslicesTotal = f.has("timeslices") ? f.uint64("timeslices") : 0;
    t.voluntaryCtxSwitches = f.has("voluntary_ctx_switches") ? f.uint64("voluntary_ctx_switches") : 0;
    t.involuntaryCtxSwitches =
        f.has("involuntary_ctx_switches") ? f.uint64("involuntary_ctx_switches") : 0;
    return t;
}

bool sameCpu(const sampler::CpuShare& a, const sampler::CpuShare& b) {
    return a.cpu == b.cpu && a.user == b.user && a.nice == b.nice && a.system == b.system &&
           a.irq == b.irq && a.softirq == b.softirq && a.steal == b.steal && a.iowait == b.iowait &&
           a.idle == b.idle;
}

bool sameThread(const sampler::ThreadSample& a, const sampler::ThreadSample& b) {
    return a.pid == b.pid && a.tid == b.tid && a.worker == b.worker && a.cpu == b.cpu &&
           a.state == b.state && a.stateIsFresh == b.stateIsFresh && a.user == b.user &&
           a.system == b.system && a.run == b.run && a.runqWait == b.runqWait &&
           a.runNsTotal == b.runNsTotal && a.runqWaitNsTotal == b.runqWaitNsTotal &&
           a.utimeTicksTotal == b.utimeTicksTotal && a.stimeTicksTotal == b.stimeTicksTotal &&
           a.timeslicesTotal == b.timeslicesTotal &&
           a.voluntaryCtxSwitches == b.voluntaryCtxSwitches &&
           a.involuntaryCtxSwitches == b.involuntaryCtxSwitches;
}

OrderedJson gaugeJson(const analysis::GaugeReading& g) {
    return OrderedJson{{"threads", g.threadsSeen},
                       {"demand_threads", roundShare(g.demandThreads)},
                       {"running_threads", roundShare(g.runningThreads)},
                       {"allowed_pus", g.allowedPus},
                       {"concurrency", roundShare(g.concurrency)},
                       {"runq_wait_share", roundShare(g.runqWaitShare)},
                       {"involuntary_switches_per_s", roundShare(g.involuntarySwitchesPerSecond)},
                       {"band", std::string(analysis::toString(g.band))}};
}

analysis::ConcurrencyBand bandFromText(const Fields& f, const char* key) {
    const std::string text = f.text(key);
    for (auto band : {analysis::ConcurrencyBand::Idle, analysis::ConcurrencyBand::Poor, analysis::ConcurrencyBand::Ok,
                      analysis::ConcurrencyBand::Ideal, analysis::ConcurrencyBand::Over})
        if (text == analysis::toString(band)) return band;
    f.fail(key, "idle, poor, ok, ideal or over");
}

analysis::GaugeReading gaugeFromJson(const Json& j) {
    const Fields f(j, "sample.gauge");
    analysis::GaugeReading g;
    g.threadsSeen = f.integer("threads");
    g.demandThreads = f.number("demand_threads");
    g.runningThreads = f.number("running_threads");
    g.allowedPus = f.integer("allowed_pus");
    g.concurrency = f.number("concurrency");
    g.runqWaitShare = f.number("runq_wait_share");
    g.involuntarySwitchesPerSecond = f.number("involuntary_switches_per_s");
    g.band = bandFromText(f, "band");
    return g;
}

} // namespace

bool Sample::operator==(const Sample& o) const {
    const auto& a = snapshot;
    const auto& b = o.snapshot;
    if (run != o.run || newProcesses != o.newProcesses || gauge != o.gauge || a.tSeconds != b.tSeconds || a.intervalSeconds != b.intervalSeconds ||
        a.monotonicNs != b.monotonicNs || a.cpus.size() != b.cpus.size() ||
        a.threads.size() != b.threads.size())
        return false;
    for (size_t i = 0; i < a.cpus.size(); ++i)
        if (!sameCpu(a.cpus[i], b.cpus[i])) return false;
    for (size_t i = 0; i < a.threads.size(); ++i)
        if (!sameThread(a.threads[i], b.threads[i])) return false;
    return true;
}

OrderedJson toJson(const Sample& e) {
    OrderedJson cpus = OrderedJson::array();
    for (const auto& c : e.snapshot.cpus) cpus.push_back(cpuJson(c));
    OrderedJson threads = OrderedJson::array();
    for (const auto& t : e.snapshot.threads) threads.push_back(threadJson(t));
    OrderedJson line{{"event", "sample"},
                     {"run", e.run},
                     {"t_s", e.snapshot.tSeconds},
                     {"interval_s", e.snapshot.intervalSeconds},
                     {"monotonic_ns", e.snapshot.monotonicNs},
                     {"cpus", cpus},
                     {"threads", threads}};
    if (!e.newProcesses.empty()) {
        OrderedJson processes = OrderedJson::array();
        for (const auto& p : e.newProcesses) processes.push_back({{"pid", p.pid}, {"name", p.name}});
        line["processes"] = processes;
    }
    if (e.gauge) line["gauge"] = gaugeJson(*e.gauge);
    return line;
}

Sample sampleFromJson(const Json& j) {
    const Fields f(j, "sample");
    Sample e;
    e.run = f.integerOr("run", -1);
    e.snapshot.tSeconds = f.number("t_s");
    e.snapshot.intervalSeconds = f.number("interval_s");
    e.snapshot.monotonicNs = f.int64Or("monotonic_ns", 0);
    const Json& cpus = f.array("cpus");
    e.snapshot.cpus.reserve(cpus.size());
    for (const auto& c : cpus) e.snapshot.cpus.push_back(cpuFromJson(c));
    const Json& threads = f.array("threads");
    e.snapshot.threads.reserve(threads.size());
    for (const auto& t : threads) e.snapshot.threads.push_back(threadFromJson(t));
    if (f.has("gauge")) e.gauge = gaugeFromJson(f.any("gauge"));
    if (f.has("processes"))
        for (const auto& item : f.array("processes")) {
            const Fields p(item, "sample.processes[]");
            e.newProcesses.push_back({p.integer("pid"), p.text("name")});
        }
    return e;
}

} // namespace oversub::events
