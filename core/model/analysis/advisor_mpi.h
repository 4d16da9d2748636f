#pragma once
// The advisor's rules about MPI ranks: a command whose launcher (mpirun,
// mpiexec, srun) started processes that carry a rank (external/mpi_rank.h).
// A static "you are likely oversubscribing" warning counts ranks x threads
// against the node's cores; these rules read how each rank was bound, as the
// kernel reported it, and how long its threads waited. Ranks x threads above
// the PUs is the general `oversubscribed` rule, which names ranks when there
// are some. Called by adviseRun (advisor_run.cpp).

#include "analysis/advisor.h"

#include <vector>

namespace oversub::analysis {

// ranks-on-one-core (problem): two or more ranks, every one bound to the same
// PUs of one core, while the run could use more: they take turns on it (the
// MPI form of the inherited affinity of the seed). The cause decides the fix:
// the command was started there (`inherited`: Oversub's policy or the parent's
// mask, as for affinity-narrowed) or the launcher bound them there (`launcher`).
void ranksOnOneCore(const RunEvidence& e, std::vector<Finding>& out);

// rank-threads-confined (problem): a rank runs more threads (its
// OMP_NUM_THREADS, else --threads) than the PUs it was bound to, while the
// ranks together could have had more PUs: `--bind-to core` (Open MPI's
// default for up to 2 ranks) with OMP_NUM_THREADS > 1. Fix: as many PUs per
// rank as threads (mpirun --map-by slot:PE=T, srun --cpus-per-task=T), or
// no binding.
void rankThreadsConfined(const RunEvidence& e, std::vector<Finding>& out);

// One of the two rules above fires: it explains a narrowing better than
// affinity-narrowed's causes, which then stays silent.
bool rankBindingExplainsNarrowing(const RunEvidence& e);

} // namespace oversub::analysis
