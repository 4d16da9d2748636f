// `oversub-cli run --command 'srun ...'`: the tasks of a Slurm step are
// slurmstepd's children, not srun's, and are found by the port their srun
// listens on (external/step_tasks.h). Simulated on a box without Slurm: a
// stand-in `srun` (a script of that name that listens on a TCP port) runs as
// the command, and the test itself starts two "tasks" outside the command's
// tree with SLURM_SRUN_COMM_PORT set to that port, as slurmstepd would, plus
// one with another port, which is not the run's. The run reports the two as
// ranks 0 and 1 with their bindings and kills them if they outlive it.

#include "events/event.h"

#include "cli_process.h"
#include "process_temp_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <csignal>
#include <spawn.h>
#include <sys/stat.h>

using namespace oversub;

namespace {

const test::ProcessTempDir& tempDir() {
    static const test::ProcessTempDir dir("oversub-test-srun-");
    return dir;
}

// The stand-in: listens on a free port, writes it to argv[1], waits argv[2] seconds.
std::string fakeSrun() {
    const std::string path = tempDir().path() + "/srun";
    std::ofstream(path) << "#!/usr/bin/python3\n"
                           "import socket, sys, time\n"
                           "s = socket.socket()\n"
                           "s.bind(('127.0.0.1', 0))\n"
                           "s.listen()\n"
                           "open(sys.argv[1] + '.tmp', 'w').write(str(s.getsockname()[1]))\n"
                           "import os; os.rename(sys.argv[1] + '.tmp', sys.argv[1])\n"
                           "time.sleep(float(sys.argv[2]))\n";
    ::chmod(path.c_str(), 0755);
    return path;
}

// A busy "task" of the step: spins for `seconds`, its environment as slurmstepd gives it.
pid_t startTask(int port, int rank, double seconds) {
    std::string script = "timeout " + std::to_string(seconds) + " sh -c 'while :; do :; done'; true";
    std::vector<std::string> env = {"PATH=/usr/bin:/bin", "SLURM_JOB_ID=77", "SLURM_STEP_ID=0",
                                    "SLURM_PROCID=" + std::to_string(rank),
                                    "SLURM_SRUN_COMM_PORT=" + std::to_string(port)};
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    char sh[] = "sh", dashC[] = "-c";
    char* argv[] = {sh, dashC, script.data(), nullptr};
    pid_t pid = -1;
    if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, envp.data()) != 0) return -1;
    return pid;
}

int waitForPort(const std::string& path) {
    for (int i = 0; i < 500; ++i) {
        if (std::filesystem::exists(path)) return std::stoi(test::readWholeFile(path));
        ::usleep(10000);
    }
    return 0;
}

} // namespace

TEST(SrunCli, TheTasksOfTheStepAreTheRunsRanksThoughSlurmstepdIsTheirParent) {
    const std::string portFile = tempDir().path() + "/port";
    const std::string eventsPath = tempDir().path() + "/events.jsonl";
    const pid_t cli = test::spawnCli({"run", "--command", fakeSrun() + " " + portFile + " 2.5", "--threads", "1",
                                      "--quiet", "--events", eventsPath});
    const int port = waitForPort(portFile);
    ASSERT_GT(port, 0) << "the stand-in srun never listened";
    const pid_t rank0 = startTask(port, 0, 1.0), rank1 = startTask(port, 1, 1.0);
    const pid_t stranger = startTask(port == 65535 ? 1024 : port + 1, 0, 1.0); // another srun's task
    ASSERT_GT(rank0, 0);
    ASSERT_GT(rank1, 0);
    ASSERT_GT(stranger, 0);
    EXPECT_EQ(test::waitForExit(cli, 30), 0);
    for (pid_t task : {rank0, rank1, stranger}) test::waitExit(task);

    const auto done = test::eventsOfKind<events::RunDone>(test::readEventsFile(eventsPath));
    ASSERT_EQ(done.size(), 1u);
    std::map<int, std::vector<int>> pidsByRank;
    for (const auto& w : done[0].workers) {
        EXPECT_NE(w.pid, stranger) << "a task of another srun was taken for the run's";
        if (w.rank >= 0) pidsByRank[w.rank].push_back(w.pid);
    }
    ASSERT_EQ(pidsByRank.size(), 2u) << "ranks found: " << pidsByRank.size();
    EXPECT_THAT(pidsByRank[0], testing::Contains(rank0));
    EXPECT_THAT(pidsByRank[1], testing::Contains(rank1));
    for (const auto& w : done[0].workers) {
        if (w.pid == rank0) {
            EXPECT_FALSE(w.cpuset.empty()); // its binding, read from the kernel
        }
    }
}

TEST(SrunCli, TasksThatOutliveTheirSrunAreKilledWithTheRun) {
    const std::string portFile = tempDir().path() + "/port-outlive";
    const std::string eventsPath = tempDir().path() + "/outlive.jsonl";
    const pid_t cli =
        test::spawnCli({"run", "--command", fakeSrun() + " " + portFile + " 1.0", "--quiet", "--events", eventsPath});
    const int port = waitForPort(portFile);
    ASSERT_GT(port, 0);
    const pid_t task = startTask(port, 0, 60); // would spin for a minute
    ASSERT_GT(task, 0);
    EXPECT_EQ(test::waitForExit(cli, 30), 0);
    // The run's teardown signalled it through its pidfd: it ends now, not in a minute.
    EXPECT_EQ(test::waitForExit(task, 10), 128 + SIGKILL);
}
