// Writer and reader of the sample event: one sampler::Snapshot, from field
// tables (field_table.h). Keys are short but whole words; shares are rounded
// to 6 decimals to keep a 512-PU sample line small. A stream's sample lines
// are written by sample_line.cpp, which must follow these tables (tests
// compare the two).

#include "events/event.h"
#include "events/field_table.h"
#include "events/gauge_fields.h"

namespace oversub::events {

namespace {

constexpr std::tuple kCpuFields{
    field("cpu", &sampler::CpuShare::cpu),
    shareField("user", &sampler::CpuShare::user),
    optionalShareField("nice", &sampler::CpuShare::nice, 0),
    shareField("system", &sampler::CpuShare::system),
    optionalShareField("irq", &sampler::CpuShare::irq, 0),
    optionalShareField("softirq", &sampler::CpuShare::softirq, 0),
    optionalShareField("steal", &sampler::CpuShare::steal, 0),
    optionalShareField("iowait", &sampler::CpuShare::iowait, 0),
    shareField("idle", &sampler::CpuShare::idle),
};

OrderedJson stateText(const char& state) {
    const bool printable = state > ' ' && state < 127 && state != '"' && state != '\\';
    return std::string(1, printable ? state : '?');
}

char stateFromText(const Fields& f, const char* key) {
    const std::string state = f.text(key);
    if (state.size() != 1) f.fail(key, "one letter (R, S, D, ...)");
    return state[0];
}

constexpr std::tuple kThreadFields{
    field("pid", &sampler::ThreadSample::pid),
    field("tid", &sampler::ThreadSample::tid),
    optionalField("worker", &sampler::ThreadSample::worker, -1),
    optionalField("cpu", &sampler::ThreadSample::cpu, -1),
    customField("state", &sampler::ThreadSample::state, stateText, stateFromText),
    optionalField("fresh", &sampler::ThreadSample::stateIsFresh, true),
    optionalShareField("user", &sampler::ThreadSample::user, 0),
    optionalShareField("system", &sampler::ThreadSample::system, 0),
    optionalShareField("run", &sampler::ThreadSample::run, 0),
    optionalShareField("runq_wait", &sampler::ThreadSample::runqWait, 0),
    optionalField("run_ns", &sampler::ThreadSample::runNsTotal, 0),
    optionalField("runq_wait_ns", &sampler::ThreadSample::runqWaitNsTotal, 0),
    optionalField("utime_ticks", &sampler::ThreadSample::utimeTicksTotal, 0),
    optionalField("stime_ticks", &sampler::ThreadSample::stimeTicksTotal, 0),
    optionalField("timeslices", &sampler::ThreadSample::timeslicesTotal, 0),
    optionalField("voluntary_ctx_switches", &sampler::ThreadSample::voluntaryCtxSwitches, 0),
    optionalField("involuntary_ctx_switches", &sampler::ThreadSample::involuntaryCtxSwitches, 0),
};

constexpr std::tuple kProcessNameFields{
    field("pid", &ProcessName::pid),
    field("name", &ProcessName::name),
};

constexpr std::tuple kSnapshotFields{
    field("t_s", &sampler::Snapshot::tSeconds),
    field("interval_s", &sampler::Snapshot::intervalSeconds),
    optionalField("monotonic_ns", &sampler::Snapshot::monotonicNs, 0),
    arrayField("cpus", &sampler::Snapshot::cpus, kCpuFields, "sample.cpus[]"),
    arrayField("threads", &sampler::Snapshot::threads, kThreadFields, "sample.threads[]"),
};

// The fields every sample has; "processes" and "gauge" follow when set.
constexpr std::tuple kSampleFields{
    optionalField("run", &Sample::run, -1),
    inlineFields(&Sample::snapshot, kSnapshotFields),
};

} // namespace

OrderedJson toJson(const Sample& e) {
    OrderedJson line{{"event", "sample"}};
    writeFields(line, kSampleFields, e);
    if (!e.newProcesses.empty()) {
        OrderedJson processes = OrderedJson::array();
        for (const auto& p : e.newProcesses) processes.push_back(tableJson(kProcessNameFields, p));
        line["processes"] = std::move(processes);
    }
    if (e.gauge) line["gauge"] = tableJson(kGaugeFields, *e.gauge);
    if (!e.node.empty()) line["node"] = e.node;
    return line;
}

Sample sampleFromJson(const Json& j) {
    const Fields f(j, "sample");
    Sample e;
    readFields(f, kSampleFields, e);
    if (f.has("gauge")) e.gauge = readTable<analysis::GaugeReading>(f.any("gauge"), "sample.gauge", kGaugeFields);
    if (f.has("processes"))
        for (const auto& item : f.array("processes"))
            e.newProcesses.push_back(readTable<ProcessName>(item, "sample.processes[]", kProcessNameFields));
    if (f.has("node")) {
        e.node = f.text("node");
        if (!isNodeName(e.node)) f.fail("node", "a node name of 1 to 64 letters, digits, '.', '_' or '-'");
    }
    return e;
}

} // namespace oversub::events
