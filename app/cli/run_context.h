#pragma once
// What the advisor needs to know about where the conductor runs (its allowed
// PUs, the cgroup's cpuset and CPU quota, who started it): one reading for
// `run` and `sweep` alike.

#include "analysis/run_evidence.h"
#include "topology/topology_info.h"

namespace oversub::cli {

analysis::RunContext runContext(const TopologyInfo& info);

} // namespace oversub::cli
