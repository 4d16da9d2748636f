#pragma once
// The oversubscription gauge over a whole run, from the per-worker totals
// the advisor's findings use (CPU time and run-queue wait read when the
// workers were released), so the window's "last run" reading and the
// findings cannot disagree. A tick's reading (oversubscription_gauge.h)
// says what the threads did in 0.1 s; this one says what they did from the
// first fork to the last worker reaped (run_done's timed_s).

#include "analysis/advisor.h"
#include "events/event_kinds.h"

#include <optional>

namespace oversub::analysis {

// threads: the run's runnable threads (workers x compute threads);
// allowed_pus: the union of the workers' cpusets; demand and running
// threads: worker time wanted / spent on a CPU over timed_s; runq_wait_share:
// runqWaitShare(evidence), the very figure of the oversubscribed and
// cpu-contention findings. nullopt when nothing was measured (no worker
// time, or no timed interval).
std::optional<GaugeReading> runGaugeReading(const RunEvidence& evidence, const events::RunDone& done);

} // namespace oversub::analysis
