// The machine record and memory readings on this machine.

#include "machine/machine_record.h"
#include "machine/memory.h"

#include "machine/affinity.h"

#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

using namespace oversub::machine;

TEST(Memory, AvailableIsPositiveAndAtMostTotal) {
    const auto available = memAvailableBytes();
    const auto total = memTotalBytes();
    ASSERT_TRUE(available.has_value());
    ASSERT_TRUE(total.has_value());
    EXPECT_GT(*available, 0u);
    EXPECT_LE(*available, *total);
}

TEST(MachineRecord, HasEveryKey) {
    ::setenv("OPENBLAS_NUM_THREADS", "3", 1);
    ::unsetenv("MKL_NUM_THREADS");
    const nlohmann::json r = machineRecord();
    for (const char* key : {"cpu_model", "logical_cpus", "kernel", "hostname", "mem_total_bytes", "mem_available_bytes",
                            "cgroup", "allowed_cpuset", "allowed_cpu_count", "thread_env"})
        EXPECT_TRUE(r.contains(key)) << key;
    EXPECT_FALSE(r["cpu_model"].get<std::string>().empty());
    EXPECT_EQ(r["logical_cpus"].get<long>(), ::sysconf(_SC_NPROCESSORS_ONLN));
    EXPECT_FALSE(r["kernel"]["release"].get<std::string>().empty());
    const auto memTotal = memTotalBytes();
    ASSERT_TRUE(memTotal.has_value());
    EXPECT_EQ(r["mem_total_bytes"].get<uint64_t>(), *memTotal);
    for (const char* key : {"version", "cpu_quota_cpus", "cpuset_effective", "memory_limit_bytes"})
        EXPECT_TRUE(r["cgroup"].contains(key)) << key;
    const oversub::CpuSet allowed = oversub::currentAffinity();
    EXPECT_EQ(r["allowed_cpuset"], allowed.toList());
    EXPECT_EQ(r["allowed_cpu_count"], allowed.count());
    for (const auto& name : threadEnvironmentVariables()) EXPECT_TRUE(r["thread_env"].contains(name)) << name;
    EXPECT_EQ(r["thread_env"]["OPENBLAS_NUM_THREADS"], "3");
    EXPECT_TRUE(r["thread_env"]["MKL_NUM_THREADS"].is_null());
    EXPECT_TRUE(r["thread_env"].contains("OPENBLAS_CORETYPE"));
}

TEST(MachineRecord, ThreadEnvironmentIsTheUsersAfterTheEngineReexec) {
    // As oversub-cli leaves it after re-executing with an empty BLAS pool.
    ::setenv("OVERSUB_ENGINE_REEXEC", "1", 1);
    ::setenv("OPENBLAS_NUM_THREADS", "1", 1);
    ::unsetenv("OVERSUB_ORIGINAL_OPENBLAS_NUM_THREADS");
    ::setenv("OMP_NUM_THREADS", "1", 1);
    ::setenv("OVERSUB_ORIGINAL_OMP_NUM_THREADS", "4", 1);
    const nlohmann::json r = machineRecord();
    ::unsetenv("OVERSUB_ENGINE_REEXEC");
    EXPECT_TRUE(r["thread_env"]["OPENBLAS_NUM_THREADS"].is_null()) << "not set by the user";
    EXPECT_EQ(r["thread_env"]["OMP_NUM_THREADS"], "4");
    EXPECT_EQ(r["thread_env_effective"]["OPENBLAS_NUM_THREADS"], "1");
    EXPECT_EQ(r["thread_env_effective"]["OMP_NUM_THREADS"], "1");
}

TEST(MachineRecord, CallerFieldsAreMergedIn) {
    const nlohmann::json r = machineRecord({{"hwloc_version", "2.9.0"}, {"openblas_config", "OpenBLAS 0.3.21"}});
    EXPECT_EQ(r["hwloc_version"], "2.9.0");
    EXPECT_EQ(r["openblas_config"], "OpenBLAS 0.3.21");
    EXPECT_TRUE(r.contains("cpu_model"));
}
