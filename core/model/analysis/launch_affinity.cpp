#include "analysis/launch_affinity.h"

#include "analysis/advice_text.h"

#include <charconv>
#include <cstring>

namespace oversub::analysis {

int launcherPidFrom(const char* value, int parentPid) {
    if (!value) return parentPid;
    int pid = 0;
    const char* end = value + std::strlen(value);
    const auto [at, error] = std::from_chars(value, end, pid);
    return error == std::errc() && at == end && pid > 0 ? pid : parentPid;
}

std::optional<Finding> launchAffinityNarrowed(const TopologyInfo& machine, int launcherPid) {
    if (!machine.isThisMachine || machine.puCount() == 0) return std::nullopt;
    const CpuSet all = machine.allPus();
    const CpuSet usable = machine.usable.count() > 0 ? machine.usable & all : all;
    const CpuSet allowed = machine.allowed & usable;
    const bool inherited = allowed.count() < usable.count();
    const bool cgroup = usable.count() < all.count();
    if (!inherited && !cgroup) return std::nullopt;

    nlohmann::json evidence{{"machine_cpuset", all.toList()},
                            {"usable_cpuset", usable.toList()},
                            {"allowed_cpuset", allowed.toList()},
                            {"launcher_pid", launcherPid},
                            {"cause", inherited ? "inherited" : "cgroup"}};
    Fix fix;
    std::string text;
    if (inherited) {
        const std::string pid = launcherPid > 0 ? std::to_string(launcherPid) : std::string("$$");
        fix.shell = "taskset -a -p " + usable.toHexMask() + " " + pid;
        text = "Oversub was started allowed only " + puPhrase(allowed) + " (" + std::to_string(allowed.count()) +
               " of the " + counted(usable.count(), "PU", "PUs") + " it could use), and every worker inherits " +
               "that: no affinity setting places a worker outside it. Fix: run `" + fix.shell + "` to widen " +
               (launcherPid > 0 ? "the shell that started Oversub (pid " + pid + ")" : std::string("your shell")) +
               ", then start Oversub again from it.";
    } else {
        fix.outside = "give the container or cgroup more CPUs";
        text = "This machine has " + counted(all.count(), "PU", "PUs") + ", and the cgroup gives Oversub " +
               puPhrase(usable) + " (" + std::to_string(usable.count()) + " of them): runs are measured on those, " +
               "and neither an Oversub setting nor taskset can leave them.";
    }
    addFix(evidence, fix);
    return Finding{std::string(kAffinityNarrowed), std::string(inherited ? kSeverityProblem : kSeverityInfo), text,
                   std::move(evidence)};
}

} // namespace oversub::analysis
