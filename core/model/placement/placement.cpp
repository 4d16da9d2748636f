#include "placement/placement.h"

#include "util/input_error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace oversub {

namespace {

void validate(const PlacementRequest& request) {
    if (request.workers < 1 || request.workers > kMaxWorkers)
        throw InputError("workers", std::to_string(request.workers), "1-" + std::to_string(kMaxWorkers));
    if (request.threadsPerWorker < 1 || request.threadsPerWorker > kMaxThreadsPerWorker)
        throw InputError("threads", std::to_string(request.threadsPerWorker),
                         "1-" + std::to_string(kMaxThreadsPerWorker));
    if (request.policy != AffinityPolicy::Custom && !request.custom.empty())
        throw InputError("cpus", "cpu lists are only used with policy custom (policy is " +
                                     std::string(toString(request.policy)) + ")");
}

// The allowed PUs in logical order: cores in order, SMT siblings adjacent.
std::vector<int> allowedInLogicalOrder(const topology::TopologyInfo& machine, const CpuSet& allowed) {
    std::vector<int> order;
    for (const auto& pu : machine.pus)
        if (allowed.contains(pu.osIndex)) order.push_back(pu.osIndex);
    return order;
}

// Threads cycle through the worker's PUs in logical order.
std::vector<int> cycleThrough(const std::vector<int>& pus, int threads) {
    std::vector<int> out;
    out.reserve(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t) out.push_back(pus[static_cast<size_t>(t) % pus.size()]);
    return out;
}

std::vector<CpuSet> checkedCustomLists(const PlacementRequest& request, const CpuSet& allowed) {
    const auto& lists = request.custom;
    if (lists.empty())
        throw InputError("cpus", "policy custom needs cpu lists: one for all workers or one per worker (allowed PUs " +
                                     allowed.toList() + ")");
    if (lists.size() != 1 && lists.size() != static_cast<size_t>(request.workers))
        throw InputError("cpus", std::to_string(lists.size()) + " cpu lists for " + std::to_string(request.workers) +
                                     " workers (give one list for all workers or one per worker)");
    for (size_t i = 0; i < lists.size(); ++i) {
        const std::string who = lists.size() == 1 ? "the cpu list" : "worker " + std::to_string(i) + "'s cpu list";
        if (lists[i].empty()) throw InputError("cpus", who + " is empty (allowed PUs " + allowed.toList() + ")");
        const CpuSet outside = lists[i] - allowed;
        if (!outside.empty())
            throw InputError("cpus", who + " " + lists[i].toList() + " has " +
                                         (outside.count() == 1 ? "cpu " : "cpus ") + outside.toList() +
                                         " outside the allowed set (allowed PUs " + allowed.toList() + ")");
    }
    return lists;
}

} // namespace

Placement place(const PlacementRequest& request, const topology::TopologyInfo& machine) {
    validate(request);
    const CpuSet allowed = machine.allowed & machine.allPus();
    if (allowed.empty())
        throw InputError("allowed", "this process may run on no PU of the machine (" + machine.source + ")");

    const int W = request.workers;
    const int T = request.threadsPerWorker;
    const std::vector<int> order = allowedInLogicalOrder(machine, allowed);
    const size_t A = order.size();

    Placement placement;
    placement.policy = request.policy;
    placement.threadsPerWorker = T;
    placement.allowed = allowed;
    placement.allowedPus = static_cast<int>(A);
    placement.workers.reserve(static_cast<size_t>(W));

    std::vector<CpuSet> custom;
    if (request.policy == AffinityPolicy::Custom) custom = checkedCustomLists(request, allowed);
    std::vector<int> scattered;
    if (request.policy == AffinityPolicy::Scatter) scattered = distributeSingle(machine, allowed, W * T);

    for (int w = 0; w < W; ++w) {
        WorkerPlacement worker;
        worker.worker = w;
        switch (request.policy) {
        case AffinityPolicy::Inherit: worker.cpuset = allowed; break;
        case AffinityPolicy::Compact:
            for (int t = 0; t < T; ++t) worker.threadPus.push_back(order[(static_cast<size_t>(w) * T + t) % A]);
            worker.cpuset = CpuSet::fromVector(worker.threadPus);
            break;
        case AffinityPolicy::Scatter:
            worker.threadPus.assign(scattered.begin() + static_cast<std::ptrdiff_t>(w) * T,
                                    scattered.begin() + static_cast<std::ptrdiff_t>(w + 1) * T);
            worker.cpuset = CpuSet::fromVector(worker.threadPus);
            break;
        case AffinityPolicy::Single:
            worker.cpuset = CpuSet::fromVector({allowed.first()});
            worker.threadPus.assign(static_cast<size_t>(T), allowed.first());
            break;
        case AffinityPolicy::Custom:
            worker.cpuset = custom.size() == 1 ? custom[0] : custom[static_cast<size_t>(w)];
            worker.threadPus = cycleThrough(allowedInLogicalOrder(machine, worker.cpuset), T);
            break;
        }
        placement.workers.push_back(std::move(worker));
    }

    CpuSet used;
    for (const auto& worker : placement.workers) used |= worker.cpuset;
    placement.usedPus = used.count();
    const double threads = static_cast<double>(W) * T;
    placement.oversubscription = threads / static_cast<double>(A);
    placement.threadsPerUsedPu = threads / static_cast<double>(placement.usedPus);
    return placement;
}

nlohmann::json toJson(const Placement& placement) {
    nlohmann::json workers = nlohmann::json::array();
    for (const auto& worker : placement.workers)
        workers.push_back({{"worker", worker.worker},
                           {"cpuset", worker.cpuset.toList()},
                           {"pus", worker.cpuset.toVector()},
                           {"thread_pus", worker.threadPus}});
    return {{"policy", std::string(toString(placement.policy))},
            {"threads_per_worker", placement.threadsPerWorker},
            {"allowed", placement.allowed.toList()},
            {"allowed_pus", placement.allowedPus},
            {"used_pus", placement.usedPus},
            {"oversubscription", placement.oversubscription},
            {"threads_per_used_pu", placement.threadsPerUsedPu},
            {"workers", workers}};
}

} // namespace oversub
