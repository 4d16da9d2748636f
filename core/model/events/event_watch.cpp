#include "events/event_watch.h"

#include "events/event.h"
#include "events/field_table.h"

#include <algorithm>
#include <cctype>

namespace oversub::events {

namespace {

constexpr std::tuple kWatchedProcessFields{
    field("pid", &WatchedProcess::pid),
    field("cpuset", &WatchedProcess::cpuset),
};

// Findings as run_done carries them (toOrderedJson, findingFromEventJson).
OrderedJson findingsJson(const std::vector<Finding>& findings) {
    OrderedJson out = OrderedJson::array();
    for (const auto& f : findings) out.push_back(toOrderedJson(f));
    return out;
}

std::vector<Finding> findingsFromJson(const Fields& f, const char* key) {
    std::vector<Finding> findings;
    for (const auto& item : f.array(key)) findings.push_back(findingFromEventJson(item));
    return findings;
}

constexpr std::tuple kWatchDoneFields{
    field("t_s", &WatchDone::tSeconds),
    field("root_pid", &WatchDone::rootPid),
    field("machine_cpuset", &WatchDone::machineCpuset),
    field("peak_runnable_threads", &WatchDone::peakRunnableThreads),
    arrayField("processes", &WatchDone::processes, kWatchedProcessFields, "watch_done.processes"),
    customField("findings", &WatchDone::findings, findingsJson, findingsFromJson),
};

constexpr std::tuple kNodeInfoFields{
    field("node", &NodeInfo::node),
    optionalField("job", &NodeInfo::job, ""),
    jsonField("topology", &NodeInfo::topology),
};

} // namespace

OrderedJson toJson(const NodeInfo& e) {
    OrderedJson j{{"event", "node"}};
    writeFields(j, kNodeInfoFields, e);
    return j;
}

NodeInfo nodeInfoFromJson(const Json& j) {
    const Fields f(j, "node");
    NodeInfo e;
    readFields(f, kNodeInfoFields, e);
    if (!isNodeName(e.node)) f.fail("node", "a node name of 1 to 64 letters, digits, '.', '_' or '-'");
    if (!e.topology.is_object()) f.fail("topology", "a JSON object");
    return e;
}

bool isNodeName(std::string_view name) {
    constexpr size_t kMaxNodeName = 64;
    if (name.empty() || name.size() > kMaxNodeName) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
}

OrderedJson toJson(const WatchDone& e) {
    OrderedJson j{{"event", "watch_done"}};
    writeFields(j, kWatchDoneFields, e);
    return j;
}

WatchDone watchDoneFromJson(const Json& j) {
    const Fields f(j, "watch_done");
    if (f.text("event") != "watch_done") f.fail("event", "\"watch_done\"");
    WatchDone e;
    readFields(f, kWatchDoneFields, e);
    return e;
}

} // namespace oversub::events
