#pragma once
// The last line of `oversub-cli watch --pid PID --findings`: what was
// attached and what the advisor found about it (analysis/tree_affinity.h).
//
//   {"event":"watch_done","t_s":3.2,"root_pid":123,"machine_cpuset":"0-1",
//    "peak_runnable_threads":3,"processes":[{"pid":123,"cpuset":"0"},...],
//    "findings":[{"id":"affinity-narrowed",...}]}
//
// One of the Event variant's kinds (event.h): written, parsed and dispatched
// like the others. watch writes it only when --findings asks for it, so a
// reader of an older build's stream never meets a kind it does not know.

#include "events/event_kinds.h"

#include <string>
#include <vector>

namespace oversub::events {

struct WatchedProcess {
    int pid = 0;
    std::string cpuset; // allowed PUs as last read while it was alive, cpu list; "" = never read
    bool operator==(const WatchedProcess&) const = default;
};

struct WatchDone {
    double tSeconds = 0; // since watching started
    int rootPid = 0; // the --pid
    std::string machineCpuset;
    int peakRunnableThreads = 0;
    std::vector<WatchedProcess> processes; // in discovery order
    std::vector<Finding> findings;
    bool operator==(const WatchDone&) const = default;
};

OrderedJson toJson(const WatchDone& e);
// EventParseError naming the field when one is missing or of the wrong type.
WatchDone watchDoneFromJson(const Json& j);

// The line after hello of `oversub-cli watch --job`: the node of a job the
// stream comes from and that node's machine. Every sample of such a stream
// carries the same name (Sample::node), so the streams of several nodes can
// be mixed (srun writes all its tasks' lines to one output) and told apart
// again (export/node_merge.h).
//   {"event":"node","node":"cn012","job":"4242","topology":{...}}
struct NodeInfo {
    std::string node; // a node name (isNodeName)
    std::string job; // the job's id (SLURM_JOB_ID), "" outside a job
    Json topology; // toJson(TopologyInfo) of the node's machine
    bool operator==(const NodeInfo&) const = default;
};

OrderedJson toJson(const NodeInfo& e);
NodeInfo nodeInfoFromJson(const Json& j);

// 1 to 64 characters of letters, digits, '.', '_' and '-' (what host names
// and Slurm node names are made of): safe in a file name, a label and JSON.
bool isNodeName(std::string_view name);

} // namespace oversub::events
