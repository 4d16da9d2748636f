#pragma once
// The CPU and memory limits the cgroup of this process puts on it, read from
// cgroup v2 (cpu.max, cpuset.cpus.effective, memory.max) or v1
// (cpu/cpu.cfs_quota_us + cpu.cfs_period_us, cpuset/cpuset.effective_cpus,
// memory/memory.limit_in_bytes), whichever is mounted. Never assume v2: this
// platform is v1 with an empty v2 hierarchy at /sys/fs/cgroup/unified.
//
// The group is found through /proc/self/cgroup; when that path does not exist
// under the mount (a container that sees its own group as the root) the
// mount's root is used. Quota and memory limit are the tightest along the path
// up to the root, as the kernel enforces them.

#include <cstdint>
#include <optional>
#include <string>

namespace oversub::machine {

struct CgroupLimits {
    std::string version; // "v2", "v1" or "none" (nothing mounted)
    std::optional<double> cpuQuotaCpus; // quota / period in CPUs; nullopt = no quota
    std::string cpusetEffective; // CPUs the group may use, "0-1"; empty if unknown
    std::optional<uint64_t> memoryLimitBytes; // nullopt = no limit
};

CgroupLimits readCgroupLimits(const std::string& cgroupRoot = "/sys/fs/cgroup", const std::string& procRoot = "/proc");

} // namespace oversub::machine
