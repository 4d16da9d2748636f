// The check at start-up: Oversub launched with an affinity narrower than its
// cgroup (the parent's mask, inherited by every worker), or in a cgroup
// smaller than the machine; on 2 PUs and on 512.

#include "analysis/launch_affinity.h"
#include "topology/cpu_list.h"

#include <gtest/gtest.h>

using namespace oversub;
using oversub::analysis::launchAffinityNarrowed;

namespace {

TopologyInfo thisMachine(int packages, int coresPerPackage, int pusPerCore) {
    TopologyInfo info = topology::uniformTopologyInfo(packages, 1, coresPerPackage, pusPerCore);
    info.isThisMachine = true;
    return info;
}

} // namespace

TEST(LaunchAffinity, NothingToSayWhenEveryPuIsAllowed) {
    EXPECT_FALSE(launchAffinityNarrowed(thisMachine(1, 2, 1), 100));
    EXPECT_FALSE(launchAffinityNarrowed(thisMachine(2, 128, 2), 100));
}

TEST(LaunchAffinity, AWhatIfMachineIsNeverNarrowed) {
    TopologyInfo info = thisMachine(1, 2, 1);
    info.isThisMachine = false;
    info.allowed = parsePlainCpuList("0");
    EXPECT_FALSE(launchAffinityNarrowed(info, 100));
}

TEST(LaunchAffinity, AnInheritedMaskIsAProblemWithTheCommandThatWidensTheLauncher) {
    TopologyInfo info = thisMachine(1, 2, 1);
    info.allowed = parsePlainCpuList("0");
    const auto finding = launchAffinityNarrowed(info, 4321);
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->id, "affinity-narrowed");
    EXPECT_EQ(finding->severity, "problem");
    EXPECT_EQ(finding->evidence["cause"], "inherited");
    EXPECT_EQ(finding->evidence["allowed_cpuset"], "0");
    EXPECT_EQ(finding->evidence["usable_cpuset"], "0-1");
    EXPECT_EQ(finding->evidence["launcher_pid"], 4321);
    EXPECT_EQ(finding->evidence["fix_shell"], "taskset -a -p 0x3 4321");
    EXPECT_NE(finding->text.find("allowed only PU 0 (1 of the 2 PUs it could use)"), std::string::npos)
        << finding->text;
    EXPECT_NE(finding->text.find("the shell that started Oversub (pid 4321)"), std::string::npos) << finding->text;
}

TEST(LaunchAffinity, AnUnknownLauncherIsTheShellTheCommandIsTypedIn) {
    TopologyInfo info = thisMachine(1, 2, 1);
    info.allowed = parsePlainCpuList("1");
    const auto finding = launchAffinityNarrowed(info, 0);
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->evidence["fix_shell"], "taskset -a -p 0x3 $$");
}

TEST(LaunchAffinity, On512PusTheMaskIsWholeAndTheCgroupBoundsTheFix) {
    TopologyInfo info = thisMachine(2, 128, 2); // 512 PUs
    ASSERT_EQ(info.puCount(), 512);
    info.usable = parsePlainCpuList("0-63");
    info.allowed = parsePlainCpuList("0-3");
    const auto finding = launchAffinityNarrowed(info, 77);
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->severity, "problem");
    // Widening goes as far as the cgroup allows, not to PUs taskset cannot give.
    EXPECT_EQ(finding->evidence["fix_shell"], "taskset -a -p 0xffffffffffffffff 77");
    EXPECT_NE(finding->text.find("PUs 0-3 (4 of the 64 PUs it could use)"), std::string::npos) << finding->text;
}

TEST(LaunchAffinity, ASmallerCgroupIsSaidAsAFactWithoutAShellFix) {
    TopologyInfo info = thisMachine(2, 128, 2);
    info.usable = parsePlainCpuList("0-63");
    info.allowed = info.usable;
    const auto finding = launchAffinityNarrowed(info, 77);
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->severity, "info");
    EXPECT_EQ(finding->evidence["cause"], "cgroup");
    EXPECT_FALSE(finding->evidence.contains("fix_shell"));
    EXPECT_NE(finding->text.find("This machine has 512 PUs, and the cgroup gives Oversub PUs 0-63 (64 of them)"),
              std::string::npos)
        << finding->text;
}

TEST(LaunchAffinity, TheUsablePusSurviveTheTopologyJsonAndDefaultToAllInOlderFiles) {
    TopologyInfo info = thisMachine(1, 4, 1);
    info.usable = parsePlainCpuList("0-1");
    info.allowed = parsePlainCpuList("0");
    EXPECT_EQ(topology::topologyInfoFromJson(topology::toJson(info)), info);
    nlohmann::json older = topology::toJson(info);
    older.erase("usable");
    EXPECT_EQ(topology::topologyInfoFromJson(older).usable, info.allPus());
}

TEST(LaunchAffinity, TheLauncherPidComesFromTheVariableWhenItIsAPid) {
    using oversub::analysis::launcherPidFrom;
    EXPECT_EQ(launcherPidFrom(nullptr, 12), 12);
    EXPECT_EQ(launcherPidFrom("", 12), 12);
    EXPECT_EQ(launcherPidFrom("4321", 12), 4321);
    EXPECT_EQ(launcherPidFrom("0", 12), 12);
    EXPECT_EQ(launcherPidFrom("-5", 12), 12);
    EXPECT_EQ(launcherPidFrom("43x", 12), 12);
    EXPECT_EQ(launcherPidFrom("99999999999999999999", 12), 12);
}
