#pragma once
// Sizes past the caches (the `past_cache` knob): a memory-bound lesson holds
// only when the arrays live in memory, and which size does that depends on
// the machine. With past_cache above 0, every elementwise, triad and scalar
// point gets one size n, chosen so one task's arrays (input, output,
// scratch) take at least past_cache times the largest last-level cache
// instance (hwloc's sizes; implausible ones replaced, topology/cache_fit.h):
// each worker then streams from memory whichever caches it shares. All such
// points get the same n (the largest any of their kernels needs), so a
// series compares the same work; the workers of the widest point together
// never hold more than half the memory the preflight allows. GEMM and SVD
// keep their size.

#include "experiment/experiment.h"
#include "experiment/sweep.h"
#include "machine/topology.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace oversub::runner {

// Whether past_cache sizes this workload.
bool sizedPastCaches(Workload workload);

// The size n for `workload` with `workers` workers at once on `topology`;
// `availableBytes` is MemAvailable (nullopt: unknown, no memory cap).
// At least 1 and at most the kernel's largest size.
int sizePastCaches(Workload workload, double multiple, int workers, const TopologyInfo& topology,
                   std::optional<uint64_t> availableBytes);

// Sets the size of every point with past_cache above 0 and a streaming
// built-in kernel (and `base`'s, when it is one) and its past_cache to 0:
// the point, and the record of its runs, then name the size that ran.
// Returns the size, or nothing when no point asked for it.
std::optional<int> resolvePastCacheSizes(Experiment& base, std::vector<SweepPoint>& points, const Topology& topology);

} // namespace oversub::runner
