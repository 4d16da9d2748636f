#pragma once
// What the conductor measured in one run, before it becomes events: per
// worker and per run, on the run's clock (seconds since the run started).
// The conductor fills it; event_mapping.cpp turns it into run_done.
//
// Phases of a run add up to its wall time (docs/architecture.md, "Timing"):
// prepare (run start to the first fork: inputs built), then the mean over the
// workers that got ready of each worker's timeline from inputs ready to
// release: spawn (inputs ready to this worker ready, the forks before it
// included), delivery / compute / collect (sums over its tasks) and wait
// (ready with nothing to do: before its first task, between tasks, and after
// its last task until every result was in), then teardown (release to the
// last worker reaped). timed = wall - prepare is the interval speedups use.
// Rates: GFLOP/s and GB/s are the sum over workers of each worker's FLOPs
// (bytes) over its own compute time, i.e. the machine's aggregate rate while
// the workers computed.

#include "conductor/sampling_tally.h"
#include "conductor/worker_processes.h"
#include "cpuset/cpuset.h"
#include "events/samples.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oversub::conductor {

struct WorkerReport {
    int worker = 0;
    int pid = 0;
    std::vector<int> tids; // as reported ready (the BLAS pool included)
    CpuSet requested; // from placement
    CpuSet cpuset; // read back from the kernel in the worker
    // An external command's process that is an MPI rank (external/mpi_rank.h):
    // its rank, and its OMP_NUM_THREADS (0 = unset); -1 = not a rank.
    int rank = -1;
    int ompThreads = 0;
    bool ready = false;
    int64_t tasks = 0;
    double forkS = 0, readyS = 0;
    double spawnS = 0, deliveryS = 0, computeS = 0, collectS = 0, waitS = 0, teardownS = 0;
    double flops = 0, bytes = 0;
    // From the sampler's last tick before the worker was released.
    double cpuS = 0;
    double runqWaitS = 0;
    uint64_t voluntaryCtxSwitches = 0, involuntaryCtxSwitches = 0;
    std::optional<WorkerExit> exit;

    double gflops() const { return computeS > 0 ? flops / computeS * 1e-9 : 0; }
    double gbPerS() const { return computeS > 0 ? bytes / computeS * 1e-9 : 0; }
};

struct TaskReport {
    int64_t task = -1;
    int worker = -1;
    double startS = 0; // delivery began
    double computeStartS = 0;
    double computeEndS = 0;
    double endS = 0; // result received by the conductor
    double deliveryS() const { return computeStartS - startS; }
    double computeS() const { return computeEndS - computeStartS; }
    double collectS() const { return endS - computeEndS; }
    double checksum = 0;
    int lastCpu = -1;
};

// CommandFailed: an external command could not be started, exited non-zero
// or was killed by a signal it did not get from the conductor.
enum class FailureKind {
    None,
    WorkerCrashed,
    WorkerExited,
    WorkerStopped,
    WorkerError,
    Timeout,
    Cancelled,
    CommandFailed,
    Internal
};

struct FailureReport {
    FailureKind kind = FailureKind::None;
    int worker = -1;
    int pid = 0;
    int signal = 0;
    int exitStatus = -1; // CommandFailed: the command's exit status (126/127 when it could not start), -1 none
    int64_t task = -1; // the task the worker was running, -1 when none
    std::string message;
};

struct RunReport {
    double wallS = 0;
    double prepareS = 0, spawnS = 0, deliveryS = 0, computeS = 0, collectS = 0, waitS = 0, teardownS = 0;
    double releaseS = 0; // the workers were released (or the run failed): tasks end, teardown starts
    double gflops = 0, gbPerS = 0;
    int64_t tasks = 0; // asked for
    int64_t tasksDone = 0;
    double checksum = 0; // sum of the task checksums in task order (complete runs only)
    double oversubscription = 0; // runnable threads per allowed PU (placement's figure)
    std::vector<WorkerReport> workers;
    FailureReport failure;
    SamplingTally sampling; // every sampler tick of the run
};

// Fills each worker's wait and the run-level spawn, delivery, compute,
// collect, wait and rates from the workers, given prepareS and releaseS (see
// above). A worker whose sums exceed its time between ready and release (a
// result collected while it already ran its next task) waited 0.
void summarise(RunReport& report);

// Sets a worker's CPU time, run-queue wait and context switches to the sums
// over its threads in a sampler tick; a tick that did not see the process
// (it has exited) keeps what the last one saw.
void updateFromSample(WorkerReport& worker, const sampler::Snapshot& snapshot);

} // namespace oversub::conductor
