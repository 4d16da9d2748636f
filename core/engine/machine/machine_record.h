#pragma once
// The machine record stored with every result: what ran where, so a number
// can be judged later (CPU model, logical CPUs, kernel, host, memory, cgroup
// limits, the conductor's allowed cpuset at start, thread environment).
//
// Facts owned by other modules (hwloc version and topology summary from
// core/topology, openblas_get_config() from core/workloads) are not read here:
// the caller passes them as `extraFields`, which are merged in last, e.g.
//   machineRecord({{"hwloc_version", "2.9.0"}, {"openblas_config", cfg}});
//
// Keys: cpu_model, logical_cpus, kernel {sysname, release, version, machine},
// hostname, mem_total_bytes, mem_available_bytes, cgroup {version,
// cpu_quota_cpus, cpuset_effective, memory_limit_bytes}, allowed_cpuset,
// allowed_cpu_count, thread_env {VAR: value or null} (the user's values, from
// before oversub-cli's engine re-exec), thread_env_effective (this process's).
// Unknown values are null.

#include "machine/cgroup.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace oversub::machine {

// The thread-count variables BLAS/OpenMP runtimes read, recorded in every
// result and set by Oversub for external commands.
const std::vector<std::string>& threadEnvironmentVariables();

// "model name" of /proc/cpuinfo (other architectures' equivalents as
// fallback); "unknown" when absent.
std::string cpuModel(const std::string& procRoot = "/proc");

nlohmann::json cgroupLimitsToJson(const CgroupLimits& limits);

nlohmann::json machineRecord(const nlohmann::json& extraFields = nlohmann::json::object(),
                             const std::string& procRoot = "/proc", const std::string& cgroupRoot = "/sys/fs/cgroup");

} // namespace oversub::machine
