#include "run_context.h"

#include "analysis/launch_affinity.h"
#include "machine/cgroup.h"
#include "topology/cpu_list.h"
#include "util/input_error.h"

#include <cstdlib>

#include <unistd.h>

namespace oversub::cli {

analysis::RunContext runContext(const TopologyInfo& info) {
    analysis::RunContext context;
    context.conductorAllowed = info.allowed;
    const auto cgroup = machine::readCgroupLimits();
    context.cgroupQuotaCpus = cgroup.cpuQuotaCpus;
    context.parentPid =
        analysis::launcherPidFrom(std::getenv(analysis::kLauncherPidVariable), static_cast<int>(::getppid()));
    if (!cgroup.cpusetEffective.empty()) {
        try {
            context.cgroupCpus = parsePlainCpuList(cgroup.cpusetEffective, "cpuset");
        } catch (const InputError&) {
            // An unreadable cgroup cpuset only leaves the advisor without it.
        }
    }
    return context;
}

} // namespace oversub::cli
