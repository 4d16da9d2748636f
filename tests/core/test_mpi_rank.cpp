// An MPI rank is known by the variables its launcher put in its environment
// (external/mpi_rank.h): parsed from an environ block, and read from a real
// child's /proc/PID/environ.

#include "external/mpi_rank.h"
#include "external/step_tasks.h"

#include <gtest/gtest.h>

#include <string>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
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

TEST(MpiRank, ARankVariableTheConductorInheritedSaysNothingAboutItsChildren) {
    // oversub-cli started inside a batch step: SLURM_PROCID=0 is everyone's.
    const std::string inherited = "SLURM_JOB_ID=9\0SLURM_PROCID=0\0"s;
    EXPECT_FALSE(rankIdentityFromEnviron("SLURM_JOB_ID=9\0SLURM_PROCID=0\0"s, inherited));
    // A launcher below it set its own.
    EXPECT_EQ(rankIdentityFromEnviron("SLURM_PROCID=0\0OMPI_COMM_WORLD_RANK=0\0"s, inherited)->rank, 0);
    EXPECT_EQ(rankIdentityFromEnviron("SLURM_PROCID=3\0"s, inherited)->rank, 3);
}

TEST(StepTasks, TheSrunPortOfATasksEnvironment) {
    EXPECT_EQ(srunPortFromEnviron("SLURM_PROCID=1\0SLURM_SRUN_COMM_PORT=35585\0"s), 35585);
    EXPECT_EQ(srunPortFromEnviron("SLURM_SRUN_COMM_PORT=0\0"s), 0);
    EXPECT_EQ(srunPortFromEnviron("SLURM_SRUN_COMM_PORT=70000\0"s), 0);
    EXPECT_EQ(srunPortFromEnviron("SLURM_SRUN_COMM_PORTS=1\0"s), 0);
    EXPECT_EQ(srunPortFromEnviron(""), 0);
}

TEST(StepTasks, AListeningSocketsPortIsFoundFromItsOwnersFds) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    const int port = ntohs(address.sin_port);
    EXPECT_FALSE(listeningTcpPorts(::getpid()).count(port)); // bound, not listening yet
    ASSERT_EQ(::listen(fd, 1), 0);
    EXPECT_TRUE(listeningTcpPorts(::getpid()).count(port));
    ::close(fd);
    EXPECT_FALSE(listeningTcpPorts(::getpid()).count(port));
}
