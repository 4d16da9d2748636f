// `oversub-cli topology [--synthetic DESC | --xml FILE] [--json]`: the
// machine as hwloc sees it, as a tree like lstopo-no-graphics or as the JSON
// the window reads (topologyInfoFromJson parses it back).

#include "command_registry.h"

#include "machine/topology.h"
#include "topology/topology_info.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace oversub::cli {
namespace {

struct TopologyArgs {
    std::string synthetic;
    std::string xml;
    bool json = false;
};

std::string sizeText(uint64_t bytes) {
    static const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    size_t unit = 0;
    while (bytes >= 10240 && unit + 1 < std::size(units)) {
        bytes /= 1024;
        ++unit;
    }
    return std::to_string(bytes) + units[unit];
}

void printSummary(const topology::TopologyInfo& info) {
    std::cout << "source    " << info.source << '\n';
    std::cout << "hwloc     " << info.hwlocVersion << '\n';
    std::cout << "machine   " << info.packages << (info.packages == 1 ? " package, " : " packages, ") << info.numaNodes
              << (info.numaNodes == 1 ? " NUMA node, " : " NUMA nodes, ") << info.cores
              << (info.cores == 1 ? " core, " : " cores, ") << info.puCount() << (info.puCount() == 1 ? " PU" : " PUs")
              << " (up to " << info.pusPerCoreMax() << " per core)\n";
    if (!info.caches.empty()) {
        std::cout << "caches   ";
        for (const auto& cache : info.caches)
            std::cout << " L" << cache.level << ' ' << sizeText(cache.sizeBytes) << " x" << cache.count;
        std::cout << '\n';
    }
    std::cout << "allowed   " << info.allowed.toList() << " (" << info.allowed.count() << " of " << info.puCount()
              << " PUs" << (info.isThisMachine ? ", this process's affinity" : "") << ")\n\n";
}

int runTopologyCommand(const TopologyArgs& args) {
    const topology::Topology topo = topology::loadTopology(args.synthetic, args.xml);
    if (args.json) {
        std::cout << topology::toJson(topo.info()).dump(2) << '\n';
        return 0;
    }
    printSummary(topo.info());
    std::cout << topo.treeText();
    return 0;
}

const RegisterCommand registerTopology{
    "topology", 10, [](CLI::App& app) -> std::function<int()> {
        auto args = std::make_shared<TopologyArgs>();
        CLI::App* sub = app.add_subcommand(
            "topology", "Show the machine: packages, NUMA nodes, caches, cores and PUs (P# = OS index, "
                        "L# = logical index) and the PUs this process may use.");
        auto* synthetic = sub->add_option("--synthetic", args->synthetic,
                                          "An hwloc synthetic machine instead of this one, e.g. "
                                          "\"pack:2 core:8 pu:2\" or \"pack:4 numa:2 core:16 pu:2\"");
        auto* xml = sub->add_option("--xml", args->xml, "An hwloc XML file (lstopo --of xml) instead of this machine");
        synthetic->excludes(xml);
        sub->add_flag("--json", args->json,
                      "Print JSON (keys pus, cores, packages, numa_nodes, allowed, caches, "
                      "pu_list, tree) instead of the tree");
        return [args] { return runTopologyCommand(*args); };
    }};

} // namespace
} // namespace oversub::cli
