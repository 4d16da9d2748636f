#include "conductor/conductor.h"

#include "conductor/memory_preflight.h"
#include "conductor/run_session.h"
#include "cpuset/cpu_list.h"
#include "knobs/fault.h"
#include "placement/placement.h"
#include "workloads/size_check.h"

#include <cmath>
#include <limits>

namespace oversub::conductor {

EventSink::~EventSink() = default;

namespace {

SessionPlan planFor(const Experiment& e, const Topology& topology) {
    PlacementRequest request;
    request.workers = e.workers;
    request.threadsPerWorker = e.threads;
    request.policy = e.affinity;
    if (e.affinity == AffinityPolicy::Custom) request.custom = parseCpuLists(e.cpus, topology.info(), "cpus");
    const Placement placement = place(request, topology.info());
    SessionPlan plan;
    for (const auto& worker : placement.workers) plan.cpusets.push_back(worker.cpuset);
    plan.oversubscription = placement.oversubscription;
    return plan;
}

class EventObserver final : public RunObserver {
public:
    EventObserver(const RunRequest& request, EventSink& sink) : request_(request), sink_(sink) {}

    void onRunStarted(const RunClock&) override {
        events::RunStarted e;
        e.run = request_.runIndex;
        e.point = request_.pointIndex;
        e.label = request_.pointLabel;
        e.repetition = request_.repetition;
        e.warmup = request_.warmup;
        Experiment point = request_.experiment;
        point.sweep = {};
        e.experiment = toJson(point);
        e.machine = request_.machine;
        sink_.emit(e);
    }

    void onWorkerReady(const WorkerReport& r) override {
        events::WorkerReady e;
        e.run = request_.runIndex;
        e.worker = r.worker;
        e.pid = r.pid;
        e.tids = r.tids;
        e.cpuset = r.cpuset.toList();
        e.requestedCpuset = r.requested.toList();
        e.tSeconds = r.readyS;
        sink_.emit(e);
    }

    void onTaskDone(const TaskReport& t, int64_t, int64_t) override {
        events::TaskDone e;
        e.run = request_.runIndex;
        e.worker = t.worker;
        e.task = t.task;
        e.t0Seconds = t.startS;
        e.t1Seconds = t.endS;
        e.deliverySeconds = t.deliveryS();
        e.computeSeconds = t.computeS();
        sink_.emit(e);
    }

    void onSample(const sampler::Snapshot& snapshot) override {
        sample_.run = request_.runIndex;
        sample_.snapshot = snapshot;
        sink_.emit(sample_);
    }

private:
    const RunRequest& request_;
    EventSink& sink_;
    events::Sample sample_; // reused: a warm loop does not reallocate its vectors
};

RunStatus statusOf(FailureKind kind) {
    switch (kind) {
    case FailureKind::None: return RunStatus::Ok;
    case FailureKind::Timeout: return RunStatus::Timeout;
    case FailureKind::Cancelled: return RunStatus::Cancelled;
    default: return RunStatus::Failed;
    }
}

ExitCode exitCodeOf(FailureKind kind) {
    switch (kind) {
    case FailureKind::None: return ExitCode::Ok;
    case FailureKind::WorkerCrashed:
    case FailureKind::WorkerExited:
    case FailureKind::WorkerStopped:
    case FailureKind::WorkerError: return ExitCode::WorkerCrashed;
    case FailureKind::Timeout: return ExitCode::TimedOut;
    case FailureKind::Cancelled: return ExitCode::Cancelled;
    case FailureKind::Internal: return ExitCode::RunFailed;
    }
    return ExitCode::RunFailed;
}

events::Error errorOf(const RunReport& report, int run) {
    const FailureReport& f = report.failure;
    events::Error e;
    switch (f.kind) {
    case FailureKind::WorkerCrashed:
    case FailureKind::WorkerStopped: e.kind = events::ErrorKind::WorkerCrashed; break;
    case FailureKind::WorkerExited:
    case FailureKind::WorkerError: e.kind = events::ErrorKind::WorkerExited; break;
    case FailureKind::Timeout: e.kind = events::ErrorKind::Timeout; break;
    case FailureKind::Cancelled: e.kind = events::ErrorKind::Cancelled; break;
    default: e.kind = events::ErrorKind::Internal; break;
    }
    e.run = run;
    e.worker = f.worker;
    e.pid = f.pid;
    if (f.signal > 0) e.signal = signalName(f.signal);
    if (f.worker >= 0 && static_cast<size_t>(f.worker) < report.workers.size()) {
        const auto& exit = report.workers[static_cast<size_t>(f.worker)].exit;
        if (exit && exit->exited) e.exitStatus = exit->exitStatus;
    }
    e.task = f.task;
    e.message = f.message;
    return e;
}

events::RunDone runDoneOf(const RunReport& report, int run) {
    events::RunDone d;
    d.run = run;
    d.status = statusOf(report.failure.kind);
    d.wallSeconds = report.wallS;
    d.phases.spawnSeconds = report.spawnS;
    d.phases.deliverySeconds = report.deliveryS;
    d.phases.computeSeconds = report.computeS;
    d.phases.collectSeconds = report.collectS;
    d.phases.teardownSeconds = report.teardownS;
    for (const auto& w : report.workers) {
        events::WorkerStats s;
        s.worker = w.worker;
        s.pid = w.pid;
        s.cpuset = w.cpuset.empty() ? w.requested.toList() : w.cpuset.toList();
        s.tasks = w.tasks;
        s.cpuSeconds = w.cpuS;
        s.involuntaryCtxSwitches = w.involuntaryCtxSwitches;
        s.voluntaryCtxSwitches = w.voluntaryCtxSwitches;
        s.runqWaitSeconds = w.runqWaitS;
        s.spawnSeconds = w.spawnS;
        s.deliverySeconds = w.deliveryS;
        s.computeSeconds = w.computeS;
        s.collectSeconds = w.collectS;
        d.workers.push_back(s);
    }
    d.gflops = report.gflops;
    d.gbps = report.gbPerS;
    d.checksum = d.status == RunStatus::Ok ? report.checksum : std::numeric_limits<double>::quiet_NaN();
    return d;
}

} // namespace

void checkRunnable(const Experiment& experiment, const Topology& topology) {
    validateSinglePoint(experiment);
    checkSize(experiment.workload, static_cast<int>(experiment.size));
    checkIterations(static_cast<int>(experiment.iterations));
    parseFault(experiment.fault);
    planFor(experiment, topology);
    checkMemory(experiment);
}

RunOutcome runExperiment(const RunRequest& request, const Topology& topology, EventSink& sink) {
    Experiment experiment = request.experiment;
    experiment.sweep = {};
    checkRunnable(experiment, topology);
    const SessionPlan plan = planFor(experiment, topology);

    EventObserver observer(request, sink);
    const RunReport report = runSession(experiment, topology, plan, request.runIndex, observer);

    RunOutcome outcome;
    outcome.status = statusOf(report.failure.kind);
    outcome.exitCode = exitCodeOf(report.failure.kind);
    outcome.done = runDoneOf(report, request.runIndex);
    outcome.report = report;
    if (report.failure.kind != FailureKind::None) {
        outcome.error = errorOf(report, request.runIndex);
        sink.emit(*outcome.error);
    }
    sink.emit(outcome.done);
    return outcome;
}

} // namespace oversub::conductor
