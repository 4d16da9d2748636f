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

} // namespace oversub::conductor
