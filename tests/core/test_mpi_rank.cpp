// An MPI rank is known by the variables its launcher put in its environment
// (external/mpi_rank.h): parsed from an environ block, and read from a real
// child's /proc/PID/environ.

#include "external/mpi_rank.h"

#include <gtest/gtest.h>

#include <string>

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace oversub::external;
using namespace std::string_literals;

TEST(MpiRank, OpenMpiRankAndItsThreads) {
    const auto id = rankIdentityFromEnviron("PATH=/bin\0OMPI_COMM_WORLD_RANK=3\0OMP_NUM_THREADS=4\0"s);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->rank, 3);
    EXPECT_EQ(id->ompThreads, 4);
}

TEST(MpiRank, TheFirstLauncherVariableInTheListWins) {
    // Open MPI sets PMIX_RANK too; Slurm's srun sets SLURM_PROCID around mpirun.
    const auto id = rankIdentityFromEnviron("SLURM_PROCID=0\0PMIX_RANK=5\0OMPI_COMM_WORLD_RANK=5\0"s);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->rank, 5);
    EXPECT_EQ(rankIdentityFromEnviron("PMI_RANK=7"s)->rank, 7); // MPICH, no trailing NUL
    EXPECT_EQ(rankIdentityFromEnviron("SLURM_PROCID=2\0"s)->rank, 2);
}

TEST(MpiRank, NestedOmpThreadsCountTheOuterLevelAndBadValuesAreUnset) {
    EXPECT_EQ(rankIdentityFromEnviron("PMI_RANK=0\0OMP_NUM_THREADS=4,2\0"s)->ompThreads, 4);
    EXPECT_EQ(rankIdentityFromEnviron("PMI_RANK=0\0OMP_NUM_THREADS=four\0"s)->ompThreads, 0);
    EXPECT_EQ(rankIdentityFromEnviron("PMI_RANK=0\0"s)->ompThreads, 0);
}

TEST(MpiRank, NoRankVariableOrANonNumberIsNotARank) {
    EXPECT_FALSE(rankIdentityFromEnviron("PATH=/bin\0OMP_NUM_THREADS=2\0"s));
    EXPECT_FALSE(rankIdentityFromEnviron("OMPI_COMM_WORLD_RANK=-1\0"s));
    EXPECT_FALSE(rankIdentityFromEnviron("PMI_RANK=1x\0"s));
    EXPECT_FALSE(rankIdentityFromEnviron("OMPI_COMM_WORLD_RANK\0"s));
    EXPECT_FALSE(rankIdentityFromEnviron(""));
}

TEST(MpiRank, ReadFromARunningChildsEnvironment) {
    char arg0[] = "sleep", arg1[] = "30";
    char* argv[] = {arg0, arg1, nullptr};
    char env0[] = "OMPI_COMM_WORLD_RANK=1", env1[] = "OMP_NUM_THREADS=2";
    char* envp[] = {env0, env1, nullptr};
    pid_t pid = 0;
    ASSERT_EQ(posix_spawnp(&pid, "sleep", nullptr, nullptr, argv, envp), 0);
    std::optional<RankIdentity> id;
    // The environ of the exec'd image; before the exec it is the test's own.
    for (int i = 0; i < 200 && !id; ++i) {
        id = readRankIdentity(pid);
        if (!id) ::usleep(10000);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->rank, 1);
    EXPECT_EQ(id->ompThreads, 2);
    EXPECT_FALSE(readRankIdentity(pid)); // gone and reaped
}
