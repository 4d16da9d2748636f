#pragma once
// The tasks of a Slurm job step started by an `srun` in a command's tree.
// They are not the command's descendants: srun asks slurmd, and slurmstepd
// forks them (ps shows slurmstepd: [JOB.STEP] as their parent). Each task's
// environment carries SLURM_SRUN_COMM_PORT, the TCP port its srun listens
// on, so a task on this node belongs to the run when that port is one an
// srun of the tree listens on (/proc/PID/fd sockets, /proc/net/tcp{,6}).
//
// Cost: nothing until the tree holds a process named srun. Then each scan
// lists /proc once and reads the environment of processes it has not judged
// yet; a process is judged again only within kExecLookupSeconds (mpi_rank.h)
// of being first seen (slurmstepd forks a task with its own environment and
// execs it with the task's), so a long run reads each pid's environment a few
// times.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oversub::external {

// Local ports in LISTEN state of the TCP sockets `pid` holds open.
std::set<int> listeningTcpPorts(int pid);

// The SLURM_SRUN_COMM_PORT of an environ block ("KEY=value\0..."); 0 when absent or not a port.
int srunPortFromEnviron(std::string_view environ);

class StepTaskFinder {
public:
    // Processes outside `tree` (pids) that are tasks of an srun in it, each
    // reported once. `nowSeconds` is the run's clock.
    std::vector<int> find(const std::vector<int>& tree, double nowSeconds);

private:
    std::string commOf(int pid, double nowSeconds);

    std::map<int, std::pair<std::string, double>> comms_; // pid -> (comm, first read)
    std::map<int, double> judging_; // pid -> first seen, not (yet) a task
    std::set<int> tasks_; // reported
};

} // namespace oversub::external
