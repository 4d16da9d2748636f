#include "events/event_watch.h"

#include "events/event.h"
#include "events/json_fields.h"

namespace oversub::events {

OrderedJson toJson(const WatchDone& e) {
    OrderedJson processes = OrderedJson::array();
    for (const auto& p : e.processes) processes.push_back({{"pid", p.pid}, {"cpuset", p.cpuset}});
    OrderedJson findings = OrderedJson::array();
    for (const auto& f : e.findings) findings.push_back(toOrderedJson(f));
    return {{"event", "watch_done"},
            {"t_s", e.tSeconds},
            {"root_pid", e.rootPid},
            {"machine_cpuset", e.machineCpuset},
            {"peak_runnable_threads", e.peakRunnableThreads},
            {"processes", processes},
            {"findings", findings}};
}

WatchDone watchDoneFromJson(const Json& j) {
    const Fields f(j, "watch_done");
    if (f.text("event") != "watch_done") f.fail("event", "\"watch_done\"");
    WatchDone e;
    e.tSeconds = f.number("t_s");
    e.rootPid = f.integer("root_pid");
    e.machineCpuset = f.text("machine_cpuset");
    e.peakRunnableThreads = f.integer("peak_runnable_threads");
    for (const auto& item : f.array("processes")) {
        const Fields p(item, "watch_done.processes");
        e.processes.push_back({p.integer("pid"), p.text("cpuset")});
    }
    for (const auto& item : f.array("findings")) e.findings.push_back(findingFromEventJson(item));
    return e;
}

} // namespace oversub::events
