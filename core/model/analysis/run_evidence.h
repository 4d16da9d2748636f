#pragma once
// Bridges what the conductor measured (a run_done event and the experiment)
// to the advisor's RunEvidence, and the advisor's findings back into the
// event's findings, so the conductor, `sweep` and the window advise alike.

#include "analysis/advisor.h"
#include "events/event_kinds.h"
#include "events/finding.h"
#include "experiment/experiment.h"
#include "topology/topology_info.h"

#include <optional>
#include <vector>

namespace oversub::analysis {

struct RunContext {
    CpuSet conductorAllowed; // empty: the topology's allowed set
    CpuSet cgroupCpus; // empty: unknown / none
    std::optional<double> cgroupQuotaCpus;
    int parentPid = 0;
    std::optional<double> machineBandwidthGbps;
};

// threadsPerWorker is the compute threads a worker really runs: --threads for
// the BLAS kernels (gemm, svd), 1 for the others (elementwise, scalar, triad).
// Worker cpusets are read back from their cpu lists (a malformed list reads
// as unknown); busy time is each worker's cpu_s; GB/s only when counted (> 0).
// The knobs the fixes change (workers, threads, schedule, chunk, tasks,
// iterations, affinity, cpus, delivery, result) are copied as set.
RunEvidence evidenceFromRun(const Experiment& experiment, const events::RunDone& done, const TopologyInfo& topology,
                            const RunContext& context = {});

std::vector<events::Finding> toEventFindings(const std::vector<Finding>& findings);
std::vector<Finding> fromEventFindings(const std::vector<events::Finding>& findings);

} // namespace oversub::analysis
