// cgroup limits from recorded v1 and v2 trees (tests/core/fixtures/cgroup/),
// and from this machine.

#include "machine/cgroup.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace oversub::machine;

namespace {
const std::filesystem::path kFixtures = std::filesystem::path(OVERSUB_SOURCE_DIR) / "tests/core/fixtures/cgroup";

CgroupLimits readFixture(const std::string& name) {
    return readCgroupLimits((kFixtures / name / "sys").string(), (kFixtures / name / "proc").string());
}
} // namespace

TEST(Cgroup, V1TightestLimitsAlongTheGroupPath) {
    const CgroupLimits limits = readFixture("v1");
    EXPECT_EQ(limits.version, "v1");
    ASSERT_TRUE(limits.cpuQuotaCpus.has_value()) << "cpu,cpuacct mount without a cpu symlink";
    EXPECT_DOUBLE_EQ(*limits.cpuQuotaCpus, 1.5);
    EXPECT_EQ(limits.cpusetEffective, "0-1");
    ASSERT_TRUE(limits.memoryLimitBytes.has_value());
    EXPECT_EQ(*limits.memoryLimitBytes, 4294967296u) << "the parent's limit applies";
}

TEST(Cgroup, V2TightestLimitsAlongTheGroupPath) {
    const CgroupLimits limits = readFixture("v2");
    EXPECT_EQ(limits.version, "v2");
    ASSERT_TRUE(limits.cpuQuotaCpus.has_value());
    EXPECT_DOUBLE_EQ(*limits.cpuQuotaCpus, 0.5);
    EXPECT_EQ(limits.cpusetEffective, "2-3") << "the group's own effective cpuset";
    ASSERT_TRUE(limits.memoryLimitBytes.has_value());
    EXPECT_EQ(*limits.memoryLimitBytes, 1073741824u);
}

TEST(Cgroup, V1WithoutLimitsAsOnThisPlatform) {
    const CgroupLimits limits = readFixture("v1-unlimited");
    EXPECT_EQ(limits.version, "v1");
    EXPECT_FALSE(limits.cpuQuotaCpus.has_value()) << "cfs_quota_us -1 is no quota";
    EXPECT_EQ(limits.cpusetEffective, "0-1");
    EXPECT_FALSE(limits.memoryLimitBytes.has_value()) << "PAGE_COUNTER_MAX is no limit";
}

TEST(Cgroup, NothingMountedIsVersionNone) {
    const CgroupLimits limits = readCgroupLimits("/nonexistent-cgroup-root", "/nonexistent-proc");
    EXPECT_EQ(limits.version, "none");
    EXPECT_FALSE(limits.cpuQuotaCpus.has_value());
    EXPECT_TRUE(limits.cpusetEffective.empty());
    EXPECT_FALSE(limits.memoryLimitBytes.has_value());
}

TEST(Cgroup, ThisMachineHasAVersionAndACpuset) {
    const CgroupLimits limits = readCgroupLimits();
    ASSERT_TRUE(limits.version == "v1" || limits.version == "v2") << limits.version;
    EXPECT_FALSE(limits.cpusetEffective.empty());
    if (limits.cpuQuotaCpus) {
        EXPECT_GT(*limits.cpuQuotaCpus, 0.0);
    }
}
