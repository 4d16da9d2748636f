// `oversub-cli place --workers W --threads T --policy P [--cpus LISTS]`:
// shows where each worker (and each of its BLAS threads) would be bound, on
// this machine or a synthetic/XML one, and the oversubscription factor,
// without starting anything.

#include "command_registry.h"

#include "knobs/choices.h"
#include "machine/topology.h"
#include "placement/placement.h"
#include "topology/cpu_list.h"
#include "util/input_error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace oversub::cli {
namespace {

struct PlaceArgs {
    int workers = 1;
    int threads = 1;
    std::string policy;
    std::string cpus;
    std::string synthetic;
    std::string xml;
    bool json = false;
};

std::string joinPus(const std::vector<int>& pus) {
    std::string out;
    for (int pu : pus) {
        if (!out.empty()) out += ',';
        out += std::to_string(pu);
    }
    return out;
}

void printTable(const Placement& p, const topology::TopologyInfo& machine, int workers) {
    std::cout << "machine   " << machine.source << " (" << machine.puCount() << " PUs, " << machine.cores << " cores, "
              << machine.packages << (machine.packages == 1 ? " package)\n" : " packages)\n");
    std::cout << "allowed   " << p.allowed.toList() << " (" << p.allowedPus << " PUs)\n";
    std::cout << "policy    " << toString(p.policy) << ": " << workers << (workers == 1 ? " worker x " : " workers x ")
              << p.threadsPerWorker << (p.threadsPerWorker == 1 ? " thread\n\n" : " threads\n\n");
    std::cout << "worker  cpuset                thread PUs\n";
    char line[96];
    for (const auto& w : p.workers) {
        std::snprintf(line, sizeof line, "%6d  ", w.worker);
        std::string cpuset = w.cpuset.toList();
        if (cpuset.size() < 20) cpuset.resize(20, ' ');
        std::cout << line << cpuset << "  " << (w.threadPus.empty() ? "(scheduler decides)" : joinPus(w.threadPus))
                  << '\n';
    }
    std::snprintf(line, sizeof line, "%.4g", p.oversubscription);
    std::cout << "\noversubscription  " << line << " (" << workers * p.threadsPerWorker << " threads / " << p.allowedPus
              << " allowed PUs)\n";
    std::snprintf(line, sizeof line, "%.4g", p.threadsPerUsedPu);
    std::cout << "PUs used          " << p.usedPus << " (" << line << " threads per used PU)\n";
}

int runPlaceCommand(const PlaceArgs& args) {
    // Cheap checks first, before any topology is loaded.
    if (args.workers < 1 || args.workers > kMaxWorkers)
        throw InputError("workers", std::to_string(args.workers), "1-" + std::to_string(kMaxWorkers));
    if (args.threads < 1 || args.threads > kMaxThreadsPerWorker)
        throw InputError("threads", std::to_string(args.threads), "1-" + std::to_string(kMaxThreadsPerWorker));
    const std::string policyName = args.policy.empty() ? (args.cpus.empty() ? "inherit" : "custom") : args.policy;
    const auto policy = parseChoice<AffinityPolicy>(policyName);
    if (!policy) throw InputError("policy", policyName, choiceList<AffinityPolicy>());

    const topology::Topology topo = topology::loadTopology(args.synthetic, args.xml);
    PlacementRequest request;
    request.workers = args.workers;
    request.threadsPerWorker = args.threads;
    request.policy = *policy;
    if (!args.cpus.empty()) request.custom = parseCpuLists(args.cpus, topo.info(), "cpus");
    const Placement placement = place(request, topo.info());

    if (args.json) {
        nlohmann::json out = toJson(placement);
        out["machine"] = topo.info().source;
        std::cout << out.dump(2) << '\n';
    } else {
        printTable(placement, topo.info(), args.workers);
    }
    return 0;
}

const RegisterCommand registerPlace{
    "place", 20, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<PlaceArgs>();
        CLI::App* sub = app.add_subcommand(
            "place", "Show where each worker and each of its threads would be bound under an affinity "
                     "policy, and the oversubscription factor (workers x threads / allowed PUs).");
        sub->add_option("--workers", args->workers, "Worker processes (1-4096)")->required();
        sub->add_option("--threads", args->threads, "BLAS threads per worker (1-1024)")->capture_default_str();
        sub->add_option("--policy", args->policy,
                        "Affinity policy: " + choiceList<AffinityPolicy>() +
                            " (default: inherit, or custom when --cpus is given)");
        sub->add_option("--cpus", args->cpus,
                        "Policy custom: one cpu list for all workers, or one per worker separated by ';'. "
                        "Lists as taskset (\"0-3,8\", \"0-15:2\"), masks (\"0xff\") or hwloc locations "
                        "(\"core:0-1\", \"pu:even\", \"package:1.core:0\")");
        auto* synthetic = sub->add_option("--synthetic", args->synthetic,
                                          "Place on an hwloc synthetic machine, e.g. \"pack:2 core:8 pu:2\"");
        auto* xml = sub->add_option("--xml", args->xml, "Place on the machine in an hwloc XML file");
        synthetic->excludes(xml);
        sub->add_flag("--json", args->json,
                      "Print JSON: workers [{worker, cpuset, pus, thread_pus}], oversubscription, ...");
        return [args] { return runPlaceCommand(*args); };
    }};

} // namespace
} // namespace oversub::cli
