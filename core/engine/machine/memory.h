#pragma once
// Memory of the machine as /proc/meminfo reports it. MemTotal, not the NUMA
// node size hwloc reports (on this platform node 0 claims 4.8 GB of 24 GB).

#include <cstdint>
#include <optional>
#include <string>

namespace oversub::machine {

// MemAvailable: what can be allocated without swapping. nullopt when the file
// or the line is missing (kernels before 3.14 have no MemAvailable).
std::optional<uint64_t> memAvailableBytes(const std::string& procRoot = "/proc");
std::optional<uint64_t> memTotalBytes(const std::string& procRoot = "/proc");

} // namespace oversub::machine
