#pragma once
// The calling process's (or another pid's) CPU affinity through
// sched_getaffinity / sched_setaffinity, with masks of any size, so it works
// on machines with more CPUs than glibc's fixed cpu_set_t holds.

#include "cpuset/cpuset.h"

namespace oversub {

// pid 0 = the calling thread. Throws std::system_error when the kernel refuses.
CpuSet currentAffinity(int pid = 0);

// Throws std::system_error (with the errno text and the list) when refused,
// e.g. EINVAL when the set holds no online allowed CPU.
void setAffinity(int pid, const CpuSet& cpus);

} // namespace oversub
