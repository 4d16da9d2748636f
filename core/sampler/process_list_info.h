#pragma once
// What a person needs to pick a process to attach to: its pid, its name
// (/proc/N/comm, from the stat line), its command line (/proc/N/cmdline,
// arguments joined by spaces) and how many threads it has. The window's
// "Attach to process..." list is built from this, so that the window itself
// never reads /proc.

#include <optional>
#include <string>
#include <vector>

namespace oversub::sampler {

struct ProcessListEntry {
    int pid = 0;
    int ppid = 0;
    std::string name;    // the kernel's short name (comm), at most 15 bytes
    std::string cmdline; // arguments joined by ' '; empty for kernel threads and zombies
    int threads = 0;     // num_threads of the stat line
    // What to show: the command line, or "[name]" when there is none.
    std::string displayText() const;
};

// Every process of listProcesses(procRoot) with its name, command line and
// thread count, in pid order. Processes that exit during the scan are skipped.
std::vector<ProcessListEntry> listProcessInfo(const std::string& procRoot = "/proc");

// One process; nullopt when it does not exist (or exited meanwhile).
std::optional<ProcessListEntry> processInfo(int pid, const std::string& procRoot = "/proc");

// The entries of `all` whose pid, name or command line contains `filter`
// (case-insensitive); all of them when the filter is empty or blank.
std::vector<ProcessListEntry> filterProcesses(const std::vector<ProcessListEntry>& all, const std::string& filter);

} // namespace oversub::sampler
