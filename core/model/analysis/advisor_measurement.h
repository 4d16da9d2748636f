#pragma once
// The advisor's rules about the measurement itself: is a GB/s figure
// memory's or a cache's, and was the run long enough for its phases to
// say something about the work. Called by adviseRun (advisor_run.cpp).

#include "analysis/advisor.h"

#include <vector>

namespace oversub::analysis {

// memory-bound: GB/s near the machine's DRAM triad bandwidth, for data that
// does not fit in a cache (like with like).
void memoryBound(const RunEvidence& e, std::vector<Finding>& out);

// cache-resident: a memory-traffic kernel (element-wise, triad) whose task
// data fits in a cache level: its GB/s is cache speed, not DRAM's.
void cacheResident(const RunEvidence& e, std::vector<Finding>& out);

// short-run: more than a third of the timed interval (wall less prepare)
// outside compute, not
// explained by delivery (the delivery-dominated rule's case).
void shortRun(const RunEvidence& e, std::vector<Finding>& out);

// sampling-below-rate: the conductor kept less than 80% of the sample rate
// asked over a run at least five periods long (thousands of threads to read
// in /proc per tick): the live view and per-tick figures are coarser than
// asked; the per-run totals (CPU time, run-queue wait) are not affected.
void samplingBelowRate(const RunEvidence& e, std::vector<Finding>& out);

} // namespace oversub::analysis
