#pragma once
// The code a worker runs in the child right after fork. It never returns
// into the caller's code: every path ends in _exit.
//
// Setup, in this order: join the run's process group; PR_SET_PDEATHSIG
// (SIGKILL) and check the conductor is still the parent (it may have died
// before the prctl); close every fd that is not its own (the shm segment
// descriptors are); unblock signals; bind itself with hwloc to its cpuset;
// set its BLAS threads; map the shm segments and close their descriptors;
// report Ready with its pid, its thread ids and the cpuset the kernel
// reports (sched_getaffinity), not the one it asked for. Then it runs the
// task ranges the conductor assigns until it is assigned nothing.

#include "conductor/run_clock.h"
#include "cpuset/cpuset.h"
#include "experiment/experiment.h"
#include "knobs/fault.h"
#include "machine/topology.h"

#include <sys/types.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oversub::conductor {

// Exit statuses of a worker that fails on its own (FaultKind::Exit uses
// kFaultExitStatus = 3). The conductor turns them into readable errors.
inline constexpr int kWorkerSetupFailedStatus = 100; // group, bind or BLAS setup failed
inline constexpr int kWorkerTaskFailedStatus = 101; // a task threw
inline constexpr int kWorkerOrphanedStatus = 102; // the conductor went away

struct WorkerSetup {
    int worker = 0;
    pid_t conductorPid = 0;
    pid_t group = 0; // 0: this worker leads the run's new process group
    CpuSet cpuset; // where it binds itself
    int blasThreads = 1;
    const Topology* topology = nullptr;
    const Experiment* experiment = nullptr;
    RunClock clock;
    int commandFd = -1; // reads Assign / TaskInput frames
    int reportFd = -1; // writes Ready / TaskDone / Failure frames
    std::vector<int> keepFds; // fds the child keeps besides the two above (none by default)
    sigset_t unblockedMask{}; // the mask to restore in the child
    // Fork delivery: every task's input, inherited copy-on-write.
    std::span<const double> inheritedInputs;
    size_t inputDoubles = 0, outputDoubles = 0;
    // Shm delivery: inherited segment descriptors to map (-1 otherwise).
    int inputSegmentFd = -1, resultSegmentFd = -1;
    size_t inputSegmentBytes = 0, resultSegmentBytes = 0;
    std::optional<FaultSpec> fault;
};

[[noreturn]] void runWorker(const WorkerSetup& setup);

} // namespace oversub::conductor
