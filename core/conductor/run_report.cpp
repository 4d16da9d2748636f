#include "conductor/run_report.h"

namespace oversub::conductor {

void summarise(RunReport& report) {
    double delivery = 0, compute = 0, collect = 0;
    int busy = 0;
    report.gflops = 0;
    report.gbPerS = 0;
    for (const auto& w : report.workers) {
        report.gflops += w.gflops();
        report.gbPerS += w.gbPerS();
        if (w.tasks == 0) continue;
        ++busy;
        delivery += w.deliveryS;
        compute += w.computeS;
        collect += w.collectS;
    }
    if (busy > 0) {
        report.deliveryS = delivery / busy;
        report.computeS = compute / busy;
        report.collectS = collect / busy;
    }
}

void updateFromSample(WorkerReport& worker, const sampler::Snapshot& snapshot) {
    double cpuS = 0, waitS = 0;
    uint64_t voluntary = 0, involuntary = 0;
    bool seen = false;
    for (const auto& t : snapshot.threads) {
        if (t.pid != worker.pid) continue;
        seen = true;
        cpuS += static_cast<double>(t.runNsTotal) * 1e-9;
        waitS += static_cast<double>(t.runqWaitNsTotal) * 1e-9;
        voluntary += t.voluntaryCtxSwitches;
        involuntary += t.involuntaryCtxSwitches;
    }
    if (!seen) return; // gone: keep what the last tick saw
    worker.cpuS = cpuS;
    worker.runqWaitS = waitS;
    worker.voluntaryCtxSwitches = voluntary;
    worker.involuntaryCtxSwitches = involuntary;
}

} // namespace oversub::conductor
