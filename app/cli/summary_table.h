#pragma once
// The readable tables `oversub-cli run` and `sweep` print at the end: one run
// (wall time, phases, per-worker placement and waits, findings) and a sweep
// (per-point median/min/max wall time, speedup, efficiency, Karp-Flatt, the
// Amdahl fit, the bandwidth ceiling, findings). Only formatting lives here;
// every number comes from core (analysis/sweep_summary.h, the run_done event).

#include "analysis/sweep_summary.h"
#include "events/event_kinds.h"
#include "events/finding.h"

#include <ostream>
#include <string_view>
#include <vector>

namespace oversub::cli {

// One run: status and wall time, the phases, GFLOP/s and GB/s, a row per
// worker (pid, cpuset, tasks, CPU s, run-queue wait s, involuntary switches)
// and its findings. `title` precedes it ("run 3 (workers=2 threads=1)").
// nominalFlops: the workload's GFLOP/s is nominal (flopCountIsNominal), and says so.
void printRunSummary(std::ostream& out, const events::RunDone& done, std::string_view title = "",
                     bool nominalFlops = false);

// A whole sweep, as built by analysis::summarizeSweep.
void printSweepSummary(std::ostream& out, const analysis::SweepSummary& summary);

// "  problem  oversubscribed: 4 runnable threads ...", most severe first.
void printFindings(std::ostream& out, const std::vector<analysis::Finding>& findings, std::string_view indent = "  ");

} // namespace oversub::cli
