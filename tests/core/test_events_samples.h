#pragma once
// One filled-in example of every event kind, shared by the event and
// results tests. Values have at most 6 decimals where the stream rounds.

#include "events/event.h"

#include <vector>

namespace oversub::events::examples {

inline std::vector<Event> everyKind() {
    Hello hello{1, "oversub-cli 0.1.0"};

    SweepStarted sweepStarted;
    sweepStarted.experiment = {
        {"schema", 1}, {"workers", 2}, {"sweep", Json::array({{{"knob", "threads"}, {"values", {1, 2}}}})}};
    sweepStarted.machine = {{"cpu_model", "Test CPU"}, {"pus", 2}};
    sweepStarted.runsTotal = 2;
    sweepStarted.points = 2;

    RunStarted runStarted;
    runStarted.run = 1;
    runStarted.point = 1;
    runStarted.label = "threads=2";
    runStarted.repetition = 0;
    runStarted.warmup = true;
    runStarted.experiment = {{"schema", 1}, {"workers", 2}, {"threads", 2}, {"timeout", 0.5}};
    runStarted.machine = {{"kernel", "6.1.0"}, {"allowed_cpuset", "0-1"}};

    WorkerReady ready;
    ready.run = 1;
    ready.worker = 1;
    ready.pid = 4242;
    ready.tids = {4242, 4243};
    ready.cpuset = "1";
    ready.requestedCpuset = "1";
    ready.tSeconds = 0.0123;

    Sample sample;
    sample.run = 1;
    sample.snapshot.tSeconds = 0.2;
    sample.snapshot.intervalSeconds = 0.1;
    sample.snapshot.monotonicNs = 123456789012;
    sample.snapshot.cpus = {{0, 0.5, 0.01, 0.1, 0.001, 0.002, 0, 0.003, 0.384}, {1, 0.99, 0, 0.01, 0, 0, 0, 0, 0}};
    sampler::ThreadSample t;
    t.pid = 4242;
    t.tid = 4243;
    t.worker = 1;
    t.cpu = 1;
    t.state = 'R';
    t.user = 0.9;
    t.system = 0.05;
    t.run = 0.95;
    t.runqWait = 0.04;
    t.runNsTotal = 95000000;
    t.runqWaitNsTotal = 4000000;
    t.voluntaryCtxSwitches = 3;
    t.involuntaryCtxSwitches = 7;
    t.utimeTicksTotal = 9;
    t.stimeTicksTotal = 1;
    t.timeslicesTotal = 12;
    t.stateIsFresh = false;
    sample.snapshot.threads = {t};

    TaskDone task{1, 1, 7, 0.25, 0.75, 0.01, 0.49};

    RunDone done;
    done.run = 1;
    done.status = RunStatus::Failed;
    done.wallSeconds = 1.25;
    done.phases = {.prepareSeconds = 0.04,
                   .spawnSeconds = 0.01,
                   .deliverySeconds = 0.02,
                   .computeSeconds = 1.1,
                   .collectSeconds = 0.03,
                   .waitSeconds = 0.05,
                   .teardownSeconds = 0.09};
    WorkerStats w;
    w.worker = 1;
    w.pid = 4242;
    w.cpuset = "1";
    w.tasks = 4;
    w.cpuSeconds = 1.05;
    w.involuntaryCtxSwitches = 17;
    w.voluntaryCtxSwitches = 5;
    w.runqWaitSeconds = 0.125;
    w.spawnSeconds = 0.004;
    w.deliverySeconds = 0.01;
    w.computeSeconds = 1.0;
    w.collectSeconds = 0.02;
    done.workers = {w};
    done.gflops = 12.5;
    done.gbps = 0;
    done.checksum = 12345.678;
    done.findings = {{"oversubscribed", "warning", "4 runnable threads on 2 PUs", {{"threads", 4}, {"pus", 2}}}};
    done.sampling = SamplingStats{50, 26.5, 0.416, 267};

    Error error;
    error.kind = ErrorKind::WorkerCrashed;
    error.run = 1;
    error.worker = 1;
    error.pid = 4242;
    error.signal = "SIGSEGV";
    error.task = 7;
    error.message = "worker 1 (pid 4242) killed by SIGSEGV during task 7";

    Progress progress{2, 4, 3.5, 3.25};

    SweepDone sweepDone;
    sweepDone.status = RunStatus::Failed;
    sweepDone.runsDone = 2;
    sweepDone.runsFailed = 1;
    sweepDone.wallSeconds = 2.5;
    sweepDone.summary = Json::array({{{"label", "threads=1"}, {"median_wall_s", 1.2}}});

    WatchDone watchDone;
    watchDone.tSeconds = 3.2;
    watchDone.rootPid = 5344;
    watchDone.machineCpuset = "0-1";
    watchDone.peakRunnableThreads = 2;
    watchDone.processes = {{5344, "0"}, {5346, ""}};
    watchDone.findings.push_back({"affinity-narrowed", "problem", "ran on PU 0 only", {{"narrowed_pids", {5344}}}});

    NodeInfo node;
    node.node = "cn012";
    node.job = "4242";
    node.topology = {{"packages", 1}, {"pus", 2}};

    return {hello, sweepStarted, runStarted, ready, sample, task, done, error, progress, sweepDone, watchDone, node};
}

} // namespace oversub::events::examples
