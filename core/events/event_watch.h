#pragma once
// The last line of `oversub-cli watch --pid PID --findings`: what was
// attached and what the advisor found about it (analysis/tree_affinity.h).
//
//   {"event":"watch_done","t_s":3.2,"root_pid":123,"machine_cpuset":"0-1",
//    "peak_runnable_threads":3,"processes":[{"pid":123,"cpuset":"0"},...],
//    "findings":[{"id":"affinity-narrowed",...}]}
//
// Kept out of the Event variant (event.h) for now: a stream reader that does
// not know the kind yet would stop at it, which is why watch writes it only
// when --findings asks for it. isWatchDoneLine() lets a reader pick it out.

#include "events/event_kinds.h"

#include <string>
#include <string_view>
#include <vector>

namespace oversub::events {

struct WatchedProcess {
    int pid = 0;
    std::string cpuset; // allowed PUs as last read while it was alive, cpu list; "" = never read
    bool operator==(const WatchedProcess&) const = default;
};

struct WatchDone {
    double tSeconds = 0;   // since watching started
    int rootPid = 0;       // the --pid
    std::string machineCpuset;
    int peakRunnableThreads = 0;
    std::vector<WatchedProcess> processes; // in discovery order
    std::vector<Finding> findings;
    bool operator==(const WatchDone&) const = default;
};

OrderedJson toJson(const WatchDone& e);
// EventParseError naming the field when one is missing or of the wrong type.
WatchDone watchDoneFromJson(const Json& j);

// One JSON line, no newline (invalid UTF-8 replaced as in toJsonLine).
std::string toJsonLine(const WatchDone& e);
// Parses one line; EventParseError when it is not a watch_done event.
WatchDone parseWatchDoneLine(std::string_view line);
// True when the line's "event" is "watch_done" (cheap, no full parse).
bool isWatchDoneLine(std::string_view line);

} // namespace oversub::events
