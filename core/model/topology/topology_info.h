#pragma once
// The machine as plain data: packages, NUMA nodes, cores, PUs, caches and the
// process's allowed cpuset. Filled from hwloc by Topology (topology.h), or
// read back from the JSON `oversub-cli topology --json` prints, so the window
// and placement never need hwloc themselves.

#include "cpuset/cpuset.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace oversub::topology {

struct PuInfo {
    int osIndex = -1; // P#: the number taskset and /proc use
    int logicalIndex = -1; // L#: position in package > core > pu order
    int coreIndex = -1; // global logical index of its core
    int packageIndex = -1; // logical index of its package
    int numaIndex = -1; // logical index of its NUMA node
    bool operator==(const PuInfo&) const = default;
};

struct CacheInfo {
    int level = 0; // 1, 2, 3, ... (data and unified caches only)
    uint64_t sizeBytes = 0; // size of one cache of this level
    int count = 0; // how many caches of this level the machine has
    bool operator==(const CacheInfo&) const = default;
};

struct TopologyInfo {
    std::string source; // "this machine" | "synthetic: pack:2 core:8 pu:2" | "xml: path"
    bool isThisMachine = false;
    std::string hwlocVersion; // of the hwloc library that loaded it
    int packages = 0;
    int numaNodes = 0;
    int cores = 0;
    std::vector<PuInfo> pus; // logical order: package > core > pu, SMT siblings adjacent
    std::vector<CacheInfo> caches; // ascending level
    CpuSet allowed; // PUs this process may run on (all PUs when not this machine)
    CpuSet usable; // PUs its cgroup gives it, whatever its affinity (all PUs when not this machine)

    bool operator==(const TopologyInfo&) const = default;

    int puCount() const { return static_cast<int>(pus.size()); }
    CpuSet allPus() const;
    // nullptr when no PU has this OS index.
    const PuInfo* puByOsIndex(int osIndex) const;
    // OS indices of the PUs sharing osIndex's core, itself included, in
    // logical order; empty when osIndex is not a PU of this machine.
    std::vector<int> smtSiblingsOf(int osIndex) const;
    CpuSet pusOfCore(int coreIndex) const;
    CpuSet pusOfPackage(int packageIndex) const;
    CpuSet pusOfNuma(int numaIndex) const;
    int pusPerCoreMax() const;
};

// A regular machine built without hwloc: `packages` x `numaPerPackage` x
// `coresPerNuma` x `pusPerCore`, OS index = logical index, everything allowed.
// Matches what hwloc builds from "pack:P numa:N core:C pu:T".
TopologyInfo uniformTopologyInfo(int packages, int numaPerPackage, int coresPerNuma, int pusPerCore);

// JSON keys: source, is_this_machine, hwloc_version, packages, numa_nodes,
// cores, pus (count), allowed (cpu list), usable (cpu list; absent in files
// from before it: all PUs), caches [{level,size_bytes,count}],
// pu_list [{os,logical,core,package,numa}], tree [{package, numa: [..],
// cores: [{core, pus: [os..]}]}]. topologyInfoFromJson(toJson(t)) == t.
nlohmann::json toJson(const TopologyInfo& info);
// Throws oversub::InputError (field "topology") on missing or inconsistent keys.
TopologyInfo topologyInfoFromJson(const nlohmann::json& json);

} // namespace oversub::topology

namespace oversub {
using topology::CacheInfo;
using topology::PuInfo;
using topology::TopologyInfo;
} // namespace oversub
