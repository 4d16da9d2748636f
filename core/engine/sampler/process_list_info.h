#pragma once
// The process list of `oversub-cli processes` and the attach dialog, read
// from /proc (the entry type and its filter are the model's,
// events/process_list.h).

#include "events/process_list.h"

#include <optional>
#include <string>
#include <vector>

namespace oversub::sampler {

// Every process of listProcesses(procRoot) with its name, command line and
// thread count, in pid order. Processes that exit during the scan are skipped.
std::vector<ProcessListEntry> listProcessInfo(const std::string& procRoot = "/proc");

// One process; nullopt when it does not exist (or exited meanwhile).
std::optional<ProcessListEntry> processInfo(int pid, const std::string& procRoot = "/proc");

// The kernel's name of one process (/proc/PID/comm, without the newline);
// nullopt when it does not exist.
std::optional<std::string> processName(int pid, const std::string& procRoot = "/proc");

} // namespace oversub::sampler
