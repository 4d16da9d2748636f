#include "conductor/event_mapping.h"

#include "conductor/worker_processes.h"

#include <limits>

namespace oversub::conductor {

void EventObserver::onRunStarted(const RunClock&) {
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

void EventObserver::onWorkerReady(const WorkerReport& r) {
    events::WorkerReady e;
    e.run = request_.runIndex;
    e.worker = r.worker;
    e.pid = r.pid;
    e.tids = r.tids;
    e.cpuset = r.cpuset.toList();
    e.requestedCpuset = r.requested.toList();
    e.tSeconds = r.readyS;
    allowed_ |= r.cpuset;
    gauge_.setAllowedPus(static_cast<int>(allowed_.count()));
    sink_.emit(e);
}

void EventObserver::onTaskDone(const TaskReport& t, int64_t, int64_t) {
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

void EventObserver::onSample(const sampler::Snapshot& snapshot) {
    sample_.run = request_.runIndex;
    sample_.snapshot = snapshot;
    namer_.nameNew(snapshot, sample_.newProcesses);
    // Every tick feeds the gauge (switch rates need the previous one); a
    // reading is written once some worker said where it may run.
    const analysis::GaugeReading reading = gauge_.update(snapshot);
    sample_.gauge = gauge_.allowedPus() > 0 ? std::optional(reading) : std::nullopt;
    sink_.emit(sample_);
}

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
    case FailureKind::WorkerError:
    case FailureKind::CommandFailed: return ExitCode::WorkerCrashed; // the command is the run's worker
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
    case FailureKind::CommandFailed: e.kind = events::ErrorKind::CommandFailed; break;
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
    if (f.exitStatus >= 0) e.exitStatus = f.exitStatus;
    e.task = f.task;
    e.message = f.message;
    return e;
}

events::WorkerStats workerStatsOf(const WorkerReport& w) {
    events::WorkerStats s;
    s.worker = w.worker;
    s.pid = w.pid;
    s.cpuset = w.cpuset.empty() ? w.requested.toList() : w.cpuset.toList();
    s.rank = w.rank;
    s.ompThreads = w.ompThreads;
    s.tasks = w.tasks;
    s.cpuSeconds = w.cpuS;
    s.involuntaryCtxSwitches = w.involuntaryCtxSwitches;
    s.voluntaryCtxSwitches = w.voluntaryCtxSwitches;
    s.runqWaitSeconds = w.runqWaitS;
    s.spawnSeconds = w.spawnS;
    s.deliverySeconds = w.deliveryS;
    s.computeSeconds = w.computeS;
    s.collectSeconds = w.collectS;
    s.waitSeconds = w.waitS;
    return s;
}

events::RunDone runDoneOf(const RunReport& report, int run) {
    events::RunDone d;
    d.run = run;
    d.status = statusOf(report.failure.kind);
    d.wallSeconds = report.wallS;
    d.sampling = report.sampling.stats();
    d.phases.prepareSeconds = report.prepareS;
    d.phases.spawnSeconds = report.spawnS;
    d.phases.deliverySeconds = report.deliveryS;
    d.phases.computeSeconds = report.computeS;
    d.phases.collectSeconds = report.collectS;
    d.phases.waitSeconds = report.waitS;
    d.phases.teardownSeconds = report.teardownS;
    for (const auto& w : report.workers) d.workers.push_back(workerStatsOf(w));
    d.gflops = report.gflops;
    d.gbps = report.gbPerS;
    d.checksum = d.status == RunStatus::Ok ? report.checksum : std::numeric_limits<double>::quiet_NaN();
    return d;
}

RunOutcome finishRun(RunReport report, int run, EventSink& sink,
                     const std::function<void(events::RunDone&)>& complete) {
    RunOutcome outcome;
    outcome.status = statusOf(report.failure.kind);
    outcome.exitCode = exitCodeOf(report.failure.kind);
    outcome.done = runDoneOf(report, run);
    if (complete) complete(outcome.done);
    if (report.failure.kind != FailureKind::None) {
        outcome.error = errorOf(report, run);
        sink.emit(*outcome.error);
    }
    outcome.report = std::move(report);
    sink.emit(outcome.done);
    return outcome;
}

} // namespace oversub::conductor
