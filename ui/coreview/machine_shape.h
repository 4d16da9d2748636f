#pragma once
// The machine as the core view groups it: packages > cores > PUs (OS
// indexes), in hwloc's logical order. Built from the engine's topology JSON
// (core's TopologyInfo) so the view itself never touches hwloc.

#include <string>
#include <vector>

namespace oversub::ui {

struct MachineShape {
    struct Core {
        int index = 0; // logical core index within the machine
        std::vector<int> pus; // PU OS indexes, SMT siblings together
    };
    struct Package {
        int index = 0;
        std::vector<Core> cores;
    };
    std::vector<Package> packages;
    std::string description; // "2 cores x 1 PU (this machine)", "pack:8 core:32 pu:2 (what-if)"

    int puCount() const;
    int coreCount() const;
    int maxPusPerCore() const;
    int maxCoresPerPackage() const;
    std::vector<int> puOsIndexes() const; // in drawing order

    // A regular machine: `packages` x `coresPerPackage` x `pusPerCore`, PU OS
    // index = logical index (as hwloc numbers synthetic topologies).
    static MachineShape regular(int packages, int coresPerPackage, int pusPerCore);
};

} // namespace oversub::ui
