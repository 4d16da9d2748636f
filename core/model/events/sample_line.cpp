#include "events/sample_line.h"

#include "events/json_fields.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace oversub::events {
namespace {

class LineWriter {
public:
    explicit LineWriter(std::string& out) : out_(out) { out_.clear(); }

    void raw(std::string_view text) { out_.append(text); }
    // ,"key": (the comma unless first in its object)
    void key(std::string_view name) {
        if (needComma_) out_.push_back(',');
        out_.push_back('"');
        out_.append(name);
        out_.append("\":");
        needComma_ = true;
    }
    void open(char bracket) {
        out_.push_back(bracket);
        needComma_ = false;
    }
    void close(char bracket) {
        out_.push_back(bracket);
        needComma_ = true;
    }
    void item() { // before an element of an array
        if (needComma_) out_.push_back(',');
        needComma_ = false;
    }
    template <typename Integer>
    void integer(Integer value) {
        char buffer[24];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        out_.append(buffer, static_cast<size_t>(end - buffer));
    }
    // As nlohmann dumps a double: its Grisu2 shortest round trip, null when
    // not finite.
    void number(double value) {
        if (!std::isfinite(value)) {
            out_.append("null");
            return;
        }
        char buffer[64];
        const char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, static_cast<size_t>(end - buffer));
    }
    void share(double value) { number(roundShare(value)); }
    void boolean(bool value) { out_.append(value ? "true" : "false"); }
    // Arbitrary bytes (a process name): nlohmann's escaping, bad UTF-8 as U+FFFD.
    void text(const std::string& value) {
        out_.append(OrderedJson(value).dump(-1, ' ', false, OrderedJson::error_handler_t::replace));
    }
    // A string known to need no escaping (fixed ASCII words, one state letter).
    void plainText(std::string_view value) {
        out_.push_back('"');
        out_.append(value);
        out_.push_back('"');
    }

private:
    std::string& out_;
    bool needComma_ = false;
};

char stateLetter(char state) {
    const bool printable = state > ' ' && state < 127 && state != '"' && state != '\\';
    return printable ? state : '?';
}

void writeCpu(LineWriter& w, const sampler::CpuShare& c) {
    w.open('{');
    w.key("cpu"), w.integer(c.cpu);
    w.key("user"), w.share(c.user);
    w.key("nice"), w.share(c.nice);
    w.key("system"), w.share(c.system);
    w.key("irq"), w.share(c.irq);
    w.key("softirq"), w.share(c.softirq);
    w.key("steal"), w.share(c.steal);
    w.key("iowait"), w.share(c.iowait);
    w.key("idle"), w.share(c.idle);
    w.close('}');
}

void writeThread(LineWriter& w, const sampler::ThreadSample& t) {
    w.open('{');
    w.key("pid"), w.integer(t.pid);
    w.key("tid"), w.integer(t.tid);
    w.key("worker"), w.integer(t.worker);
    w.key("cpu"), w.integer(t.cpu);
    const char state[1] = {stateLetter(t.state)};
    w.key("state"), w.plainText(std::string_view(state, 1));
    w.key("fresh"), w.boolean(t.stateIsFresh);
    w.key("user"), w.share(t.user);
    w.key("system"), w.share(t.system);
    w.key("run"), w.share(t.run);
    w.key("runq_wait"), w.share(t.runqWait);
    w.key("run_ns"), w.integer(t.runNsTotal);
    w.key("runq_wait_ns"), w.integer(t.runqWaitNsTotal);
    w.key("utime_ticks"), w.integer(t.utimeTicksTotal);
    w.key("stime_ticks"), w.integer(t.stimeTicksTotal);
    w.key("timeslices"), w.integer(t.timeslicesTotal);
    w.key("voluntary_ctx_switches"), w.integer(t.voluntaryCtxSwitches);
    w.key("involuntary_ctx_switches"), w.integer(t.involuntaryCtxSwitches);
    w.close('}');
}

void writeGauge(LineWriter& w, const analysis::GaugeReading& g) {
    w.open('{');
    w.key("threads"), w.integer(g.threadsSeen);
    w.key("demand_threads"), w.share(g.demandThreads);
    w.key("running_threads"), w.share(g.runningThreads);
    w.key("allowed_pus"), w.integer(g.allowedPus);
    w.key("concurrency"), w.share(g.concurrency);
    w.key("runq_wait_share"), w.share(g.runqWaitShare);
    w.key("involuntary_switches_per_s"), w.share(g.involuntarySwitchesPerSecond);
    w.key("band"), w.plainText(analysis::toString(g.band));
    w.close('}');
}

} // namespace

void writeSampleLine(const Sample& e, std::string& out) {
    LineWriter w(out);
    w.open('{');
    w.key("event"), w.plainText("sample");
    w.key("run"), w.integer(e.run);
    w.key("t_s"), w.number(e.snapshot.tSeconds);
    w.key("interval_s"), w.number(e.snapshot.intervalSeconds);
    w.key("monotonic_ns"), w.integer(e.snapshot.monotonicNs);
    w.key("cpus"), w.open('[');
    for (const auto& c : e.snapshot.cpus) w.item(), writeCpu(w, c);
    w.close(']');
    w.key("threads"), w.open('[');
    for (const auto& t : e.snapshot.threads) w.item(), writeThread(w, t);
    w.close(']');
    if (!e.newProcesses.empty()) {
        w.key("processes"), w.open('[');
        for (const auto& p : e.newProcesses) {
            w.item(), w.open('{');
            w.key("pid"), w.integer(p.pid);
            w.key("name"), w.text(p.name);
            w.close('}');
        }
        w.close(']');
    }
    if (e.gauge) w.key("gauge"), writeGauge(w, *e.gauge);
    if (!e.node.empty()) w.key("node"), w.text(e.node);
    w.close('}');
}

} // namespace oversub::events
