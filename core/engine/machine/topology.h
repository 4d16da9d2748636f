#pragma once
// The machine as hwloc sees it: this machine, an hwloc synthetic description
// ("pack:2 core:8 pu:2", "pack:4 numa:2 core:16 pu:2") or an hwloc XML file.
// The files in core/topology/ are the only ones that include hwloc.h; the rest
// of Oversub reads the plain TopologyInfo this class fills once at load.

#include "cpuset/cpuset.h"
#include "topology/topology_info.h"

#include <string>
#include <string_view>

struct hwloc_topology; // hwloc's opaque handle (hwloc_topology_t)

namespace oversub::topology {

class Topology {
public:
    // This machine; info().allowed = this process's current affinity.
    // Throws std::runtime_error when hwloc cannot load it.
    static Topology load();
    // Bad descriptions throw InputError naming the field "synthetic"; every PU
    // is allowed; OS index = logical index unless the string says otherwise.
    static Topology fromSynthetic(std::string_view description);
    // A file written by `lstopo --of xml` or hwloc_topology_export_xml.
    // Unreadable or invalid files throw InputError naming the field "xml".
    static Topology fromXml(const std::string& path);

    Topology(Topology&& other) noexcept;
    Topology& operator=(Topology&& other) noexcept;
    Topology(const Topology&) = delete;
    Topology& operator=(const Topology&) = delete;
    ~Topology();

    const TopologyInfo& info() const { return info_; }

    // Binds the whole calling process (all its threads) to `cpus` with
    // hwloc_set_cpubind(HWLOC_CPUBIND_PROCESS). Returns false and binds
    // nothing when this is not this machine (hwloc would "succeed" on a
    // synthetic topology and bind nothing), or when the kernel refuses
    // (errno says why, e.g. EINVAL for an empty or foreign set).
    bool bindThisProcess(const CpuSet& cpus) const;

    // A readable tree like lstopo-no-graphics: Machine, Package, NUMANode,
    // caches, Core, PU with L# (logical) and P# (OS) indices; a parent with
    // a single child shares its line ("L2 L#0 (1024KB) + Core L#0 + PU L#0 (P#0)").
    std::string treeText() const;

    // The hwloc release this program runs with, e.g. "2.9.0".
    static std::string hwlocRuntimeVersion();
    // The API of the hwloc it runs with (hwloc_get_api_version()), e.g.
    // "2.8": an API version lags the release (2.9.0 has API 2.8).
    static std::string hwlocRuntimeApiVersion();
    // The hwloc this program was compiled against, e.g. "2.9.0 (API 2.8)".
    static std::string hwlocCompiledVersion();

private:
    Topology(hwloc_topology* handle, std::string source, bool thisMachine);
    hwloc_topology* handle_ = nullptr;
    TopologyInfo info_;
};

// For front ends taking --synthetic / --xml: this machine when both are
// empty; an InputError when both are given.
Topology loadTopology(std::string_view synthetic, std::string_view xmlPath);

} // namespace oversub::topology

namespace oversub {
using topology::Topology;
} // namespace oversub
