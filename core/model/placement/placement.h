#pragma once
// Placement: (workers, BLAS threads per worker, affinity policy, machine) ->
// one cpuset per worker and the PU each of its threads would be pinned to.
// Works on the plain TopologyInfo, so the conductor, the CLI and the window
// place workers the same way on this machine or on a 512-PU synthetic one.
//
//   inherit  every worker gets the allowed set; the scheduler places threads
//   compact  PUs in logical order (cores in order, SMT siblings together);
//            worker w takes the T PUs from w*T on, wrapping round
//   scatter  hwloc_distrib over W*T threads: packages first, then cores,
//            SMT siblings last; worker w takes threads w*T .. w*T+T-1
//   single   every worker on the first allowed PU (the seed's bug, on purpose)
//   custom   the given lists, one per worker or one for all; each must lie
//            inside the allowed set

#include "cpuset/cpuset.h"
#include "knobs/choices.h"
#include "knobs/knob_limits.h"
#include "topology/topology_info.h"

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace oversub {

struct PlacementRequest {
    int workers = 1;
    int threadsPerWorker = 1;
    AffinityPolicy policy = AffinityPolicy::Inherit;
    std::vector<CpuSet> custom; // policy custom: one per worker, or one for all
};

struct WorkerPlacement {
    int worker = 0;
    CpuSet cpuset; // where the worker process is bound
    std::vector<int> threadPus; // OS index per BLAS thread when threads are pinned;
        // empty for inherit (the scheduler decides)
    bool operator==(const WorkerPlacement&) const = default;
};

struct Placement {
    AffinityPolicy policy = AffinityPolicy::Inherit;
    int threadsPerWorker = 1;
    std::vector<WorkerPlacement> workers;
    CpuSet allowed; // the allowed PUs placement worked within
    int allowedPus = 0;
    double oversubscription = 0; // workers * threads / allowedPus
    int usedPus = 0; // PUs in the union of the workers' cpusets
    double threadsPerUsedPu = 0; // workers * threads / usedPus: what single really does
};

// Throws InputError: workers outside 1..4096 ("workers"), threads outside
// 1..1024 ("threads"), custom lists missing, miscounted, empty or outside the
// allowed set, or given with another policy ("cpus"), an empty allowed set
// ("allowed"). W x T above the allowed PUs is not an error: see oversubscription.
Placement place(const PlacementRequest& request, const topology::TopologyInfo& machine);

// hwloc_distrib on TopologyInfo: splits `within` into n areas following the
// package > NUMA > core > PU tree, each subtree getting a share proportional
// to its PUs in `within`. Areas are PU OS indices; an area may be shared by
// several of the n when n exceeds the PUs.
std::vector<CpuSet> distribute(const topology::TopologyInfo& machine, const CpuSet& within, int n);

// distribute() then the lowest PU of each area (hwloc_bitmap_singlify): the
// PU the i-th of n threads gets under scatter.
std::vector<int> distributeSingle(const topology::TopologyInfo& machine, const CpuSet& within, int n);

// {policy, threads_per_worker, allowed, allowed_pus, used_pus, oversubscription,
//  threads_per_used_pu, workers: [{worker, cpuset, pus: [..], thread_pus: [..]}]}
nlohmann::json toJson(const Placement& placement);

} // namespace oversub
