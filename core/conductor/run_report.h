#pragma once
// What the conductor measured in one run, before it becomes events: per
// worker and per run, on the run's clock (seconds since the run started).
// The conductor fills it; event_mapping.cpp turns it into run_done.
//
// Phases of a run: prepare (inputs built before any fork), spawn (first fork
// to the last worker ready), delivery / compute / collect (the mean over the
// workers that ran tasks of their per-worker sums), teardown (all results in
// to the last worker reaped). Rates: GFLOP/s and GB/s are the sum over
// workers of each worker's FLOPs (bytes) over its own compute time, i.e.
// the machine's aggregate rate while the workers computed.

#include "conductor/worker_processes.h"
#include "cpuset/cpuset.h"
#include "sampler/samples.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oversub::conductor {

struct WorkerReport {
    int worker = 0;
    int pid = 0;
    std::vector<int> tids;  // as reported ready (the BLAS pool included)
    CpuSet requested;       // from placement
    CpuSet cpuset;          // read back from the kernel in the worker
    bool ready = false;
    int64_t tasks = 0;
    double forkS = 0, readyS = 0;
    double spawnS = 0, deliveryS = 0, computeS = 0, collectS = 0, teardownS = 0;
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
    double startS = 0;        // delivery began
    double computeStartS = 0;
    double computeEndS = 0;
    double endS = 0;          // result received by the conductor
    double deliveryS() const { return computeStartS - startS; }
    double computeS() const { return computeEndS - computeStartS; }
    double collectS() const { return endS - computeEndS; }
    double checksum = 0;
    int lastCpu = -1;
};

// CommandFailed: an external command could not be started, exited non-zero
// or was killed by a signal it did not get from the conductor.
enum class FailureKind {
    None, WorkerCrashed, WorkerExited, WorkerStopped, WorkerError, Timeout, Cancelled, CommandFailed, Internal
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
    double prepareS = 0, spawnS = 0, deliveryS = 0, computeS = 0, collectS = 0, teardownS = 0;
    double gflops = 0, gbPerS = 0;
    int64_t tasks = 0;      // asked for
    int64_t tasksDone = 0;
    double checksum = 0;    // sum of the task checksums in task order (complete runs only)
    double oversubscription = 0; // runnable threads per allowed PU (placement's figure)
    std::vector<WorkerReport> workers;
    FailureReport failure;
};

// Fills the run-level phases and rates from the workers (see above).
void summarise(RunReport& report);

// Sets a worker's CPU time, run-queue wait and context switches to the sums
// over its threads in a sampler tick; a tick that did not see the process
// (it has exited) keeps what the last one saw.
void updateFromSample(WorkerReport& worker, const sampler::Snapshot& snapshot);

} // namespace oversub::conductor
