#pragma once
// What a person needs to pick a process to attach to: its pid, its name
// (the kernel's comm), its command line and how many threads it has. The
// engine reads them from /proc (sampler/process_list_info.h) and
// `oversub-cli processes` prints them as JSON; the window's "Attach to
// process..." list parses that output, so the window itself never reads /proc.
//
//   {"processes":[{"pid":1,"ppid":0,"name":"systemd","cmdline":"/sbin/init","threads":1},...]}

#include "events/event_kinds.h"

#include <string>
#include <vector>

namespace oversub::sampler {

struct ProcessListEntry {
    int pid = 0;
    int ppid = 0;
    std::string name; // the kernel's short name (comm), at most 15 bytes
    std::string cmdline; // arguments joined by ' '; empty for kernel threads and zombies
    int threads = 0; // num_threads of the stat line
    // What to show: the command line, or "[name]" when there is none.
    std::string displayText() const;
    bool operator==(const ProcessListEntry&) const = default;
};

// The entries of `all` whose pid, name or command line contains `filter`
// (case-insensitive); all of them when the filter is empty or blank.
std::vector<ProcessListEntry> filterProcesses(const std::vector<ProcessListEntry>& all, const std::string& filter);

} // namespace oversub::sampler

namespace oversub::events {

OrderedJson processListToJson(const std::vector<sampler::ProcessListEntry>& processes);
// EventParseError naming the field when one is missing or of the wrong type.
std::vector<sampler::ProcessListEntry> processListFromJson(const Json& j);

} // namespace oversub::events
