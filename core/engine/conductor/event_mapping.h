#pragma once
// From what the conductor measured to the events it emits: an observer that
// turns a run's callbacks (RunObserver) into run_started / worker_ready / task_done /
// sample events (with the gauge's reading), and the mappings of a RunReport to run_done, error, the run
// status and the exit status. Shared by built-in and external command runs.

#include "analysis/oversubscription_gauge.h"
#include "conductor/builtin_run.h"
#include "conductor/run_request.h"
#include "cpuset/cpuset.h"
#include "sampler/process_namer.h"

#include <functional>

namespace oversub::conductor {

class EventObserver final : public RunObserver {
public:
    EventObserver(const RunRequest& request, EventSink& sink) : request_(request), sink_(sink) {}
    void onRunStarted(const RunClock&) override;
    void onWorkerReady(const WorkerReport& r) override;
    void onTaskDone(const TaskReport& t, int64_t, int64_t) override;
    void onSample(const sampler::Snapshot& snapshot) override;

private:
    const RunRequest& request_;
    EventSink& sink_;
    events::Sample sample_; // reused: a warm loop does not reallocate its vectors
    sampler::ProcessNamer namer_;
    // The gauge over the run's threads, against the PUs its workers were
    // allowed (the union of their cpusets, as the kernel reported them).
    analysis::OversubscriptionGauge gauge_{0};
    CpuSet allowed_;
};

RunStatus statusOf(FailureKind kind);
ExitCode exitCodeOf(FailureKind kind);
events::Error errorOf(const RunReport& report, int run);
// A worker's line in run_done: the one place a WorkerReport's fields become
// the wire's (the cpuset the kernel reported, else the requested one).
events::WorkerStats workerStatsOf(const WorkerReport& worker);
events::RunDone runDoneOf(const RunReport& report, int run);

// The end of every run, built-in or command: its outcome from `report`
// (status, exit code, run_done, error), `complete` adding to run_done what
// only the caller knows (cache fit, the command's result), then error (when
// it failed) and run_done emitted to `sink`, in that order.
RunOutcome finishRun(RunReport report, int run, EventSink& sink, const std::function<void(events::RunDone&)>& complete);

} // namespace oversub::conductor
