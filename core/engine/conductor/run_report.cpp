#include "conductor/run_report.h"

#include <algorithm>

namespace oversub::conductor {

void summarise(RunReport& report) {
    double spawn = 0, delivery = 0, compute = 0, collect = 0, wait = 0;
    int ready = 0;
    report.gflops = 0;
    report.gbPerS = 0;
    for (auto& w : report.workers) {
        report.gflops += w.gflops();
        report.gbPerS += w.gbPerS();
        if (!w.ready) continue;
        ++ready;
        const double busy = w.deliveryS + w.computeS + w.collectS;
        w.waitS = std::max(0.0, report.releaseS - w.readyS - busy);
        spawn += w.readyS - report.prepareS;
        delivery += w.deliveryS;
        compute += w.computeS;
        collect += w.collectS;
        wait += w.waitS;
    }
    if (ready > 0) {
        report.spawnS = spawn / ready;
        report.deliveryS = delivery / ready;
        report.computeS = compute / ready;
        report.collectS = collect / ready;
        report.waitS = wait / ready;
    } else {
        // Nobody got ready (a failure during spawn): the whole time was spawning.
        report.spawnS = std::max(0.0, report.releaseS - report.prepareS);
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
