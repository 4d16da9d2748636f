#pragma once
// The affinity check at start-up, before any run: Oversub itself (the
// window, or oversub-cli) was started allowed fewer PUs than its cgroup
// gives it, the seed question's bug one level up. Every worker inherits that
// mask, and no affinity setting places a worker outside it, so it is said
// once at launch (and the PUs outside it greyed) instead of being found
// after a slow run. A cgroup smaller than the machine is said too, as a
// fact that no setting of Oversub nor taskset changes.

#include "events/finding.h"
#include "topology/topology_info.h"

#include <optional>
#include <string_view>

namespace oversub::analysis {

// Who launched Oversub, for the fix's `taskset -p`. The window sets it for
// the engines it starts (their parent is the window, not the user's shell);
// oversub-cli started from a shell leaves it unset and uses its parent.
inline constexpr const char* kLauncherPidVariable = "OVERSUB_LAUNCHER_PID";

// The pid in `value` (kLauncherPidVariable's), or `parentPid` when it is
// unset, empty or not a positive number.
int launcherPidFrom(const char* value, int parentPid);

// affinity-narrowed (severity problem, cause "inherited") when
// machine.allowed is narrower than machine.usable, with the command that
// widens the launcher (`taskset -a -p MASK PID`; PID <= 0: `$$`, the shell
// it is typed in); severity info, cause "cgroup", when only the cgroup is
// smaller than the machine; nullopt for a machine that is not this one or
// when nothing is narrowed. Evidence: machine_cpuset, usable_cpuset,
// allowed_cpuset, launcher_pid, cause, fix.
std::optional<Finding> launchAffinityNarrowed(const TopologyInfo& machine, int launcherPid);

} // namespace oversub::analysis
