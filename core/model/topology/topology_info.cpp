#include "topology/topology_info.h"

#include "util/input_error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace oversub::topology {

CpuSet TopologyInfo::allPus() const {
    CpuSet set;
    for (const auto& pu : pus) set.add(pu.osIndex);
    return set;
}

const PuInfo* TopologyInfo::puByOsIndex(int osIndex) const {
    for (const auto& pu : pus)
        if (pu.osIndex == osIndex) return &pu;
    return nullptr;
}

std::vector<int> TopologyInfo::smtSiblingsOf(int osIndex) const {
    std::vector<int> siblings;
    const PuInfo* self = puByOsIndex(osIndex);
    if (!self) return siblings;
    for (const auto& pu : pus)
        if (pu.coreIndex == self->coreIndex) siblings.push_back(pu.osIndex);
    return siblings;
}

CpuSet TopologyInfo::pusOfCore(int coreIndex) const {
    CpuSet set;
    for (const auto& pu : pus)
        if (pu.coreIndex == coreIndex) set.add(pu.osIndex);
    return set;
}

CpuSet TopologyInfo::pusOfPackage(int packageIndex) const {
    CpuSet set;
    for (const auto& pu : pus)
        if (pu.packageIndex == packageIndex) set.add(pu.osIndex);
    return set;
}

CpuSet TopologyInfo::pusOfNuma(int numaIndex) const {
    CpuSet set;
    for (const auto& pu : pus)
        if (pu.numaIndex == numaIndex) set.add(pu.osIndex);
    return set;
}

int TopologyInfo::pusPerCoreMax() const {
    std::map<int, int> perCore;
    int most = 0;
    for (const auto& pu : pus) most = std::max(most, ++perCore[pu.coreIndex]);
    return most;
}

TopologyInfo uniformTopologyInfo(int packages, int numaPerPackage, int coresPerNuma, int pusPerCore) {
    TopologyInfo info;
    info.source = "uniform: pack:" + std::to_string(packages) + " numa:" + std::to_string(numaPerPackage) +
                  " core:" + std::to_string(coresPerNuma) + " pu:" + std::to_string(pusPerCore);
    info.packages = packages;
    info.numaNodes = packages * numaPerPackage;
    info.cores = info.numaNodes * coresPerNuma;
    int core = 0, pu = 0;
    for (int p = 0; p < packages; ++p)
        for (int n = 0; n < numaPerPackage; ++n)
            for (int c = 0; c < coresPerNuma; ++c, ++core)
                for (int t = 0; t < pusPerCore; ++t, ++pu)
                    info.pus.push_back({pu, pu, core, p, p * numaPerPackage + n});
    info.allowed = info.allPus();
    info.usable = info.allPus();
    return info;
}

nlohmann::json toJson(const TopologyInfo& info) {
    using nlohmann::json;
    json caches = json::array();
    for (const auto& c : info.caches)
        caches.push_back({{"level", c.level}, {"size_bytes", c.sizeBytes}, {"count", c.count}});

    json puList = json::array();
    for (const auto& pu : info.pus)
        puList.push_back({{"os", pu.osIndex},
                          {"logical", pu.logicalIndex},
                          {"core", pu.coreIndex},
                          {"package", pu.packageIndex},
                          {"numa", pu.numaIndex}});

    // package > core > pu, in logical order (PUs are already in that order).
    json tree = json::array();
    int lastPackage = -1, lastCore = -1;
    for (const auto& pu : info.pus) {
        if (tree.empty() || pu.packageIndex != lastPackage) {
            tree.push_back({{"package", pu.packageIndex}, {"numa", json::array()}, {"cores", json::array()}});
            lastPackage = pu.packageIndex;
            lastCore = -1;
        }
        auto& package = tree.back();
        auto& numa = package["numa"];
        if (std::find(numa.begin(), numa.end(), json(pu.numaIndex)) == numa.end()) numa.push_back(pu.numaIndex);
        auto& cores = package["cores"];
        if (cores.empty() || pu.coreIndex != lastCore) {
            cores.push_back({{"core", pu.coreIndex}, {"pus", json::array()}});
            lastCore = pu.coreIndex;
        }
        cores.back()["pus"].push_back(pu.osIndex);
    }

    return json{{"source", info.source},
                {"is_this_machine", info.isThisMachine},
                {"hwloc_version", info.hwlocVersion},
                {"packages", info.packages},
                {"numa_nodes", info.numaNodes},
                {"cores", info.cores},
                {"pus", info.pus.size()},
                {"allowed", info.allowed.toList()},
                {"usable", info.usable.toList()},
                {"caches", caches},
                {"pu_list", puList},
                {"tree", tree}};
}

namespace {

[[noreturn]] void badTopologyJson(const std::string& what) { throw InputError("topology", "JSON " + what); }

template <typename T>
T required(const nlohmann::json& object, const char* key) {
    if (!object.is_object() || !object.contains(key)) badTopologyJson(std::string("lacks key '") + key + "'");
    try {
        return object.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        badTopologyJson(std::string("key '") + key + "' has the wrong type");
    }
}

CpuSet parseAllowedList(const std::string& text) {
    // "0-3,8": the format CpuSet::toList writes.
    CpuSet set;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find(',', pos);
        if (end == std::string::npos) end = text.size();
        const std::string item = text.substr(pos, end - pos);
        try {
            size_t used = 0;
            const int lo = std::stoi(item, &used);
            int hi = lo;
            if (used < item.size()) {
                if (item[used] != '-') throw std::invalid_argument(item);
                size_t usedHi = 0;
                hi = std::stoi(item.substr(used + 1), &usedHi);
                if (used + 1 + usedHi != item.size()) throw std::invalid_argument(item);
            }
            if (lo < 0 || hi < lo || hi > CpuSet::kMaxIndex) throw std::invalid_argument(item);
            set.addRange(lo, hi);
        } catch (const std::logic_error&) {
            badTopologyJson("key 'allowed' has a bad item '" + item + "'");
        }
        pos = end + 1;
    }
    return set;
}

} // namespace

TopologyInfo topologyInfoFromJson(const nlohmann::json& json) {
    TopologyInfo info;
    info.source = required<std::string>(json, "source");
    info.isThisMachine = required<bool>(json, "is_this_machine");
    info.hwlocVersion = required<std::string>(json, "hwloc_version");
    info.packages = required<int>(json, "packages");
    info.numaNodes = required<int>(json, "numa_nodes");
    info.cores = required<int>(json, "cores");
    const int puCount = required<int>(json, "pus");
    info.allowed = parseAllowedList(required<std::string>(json, "allowed"));

    const auto caches = required<nlohmann::json>(json, "caches");
    if (!caches.is_array()) badTopologyJson("key 'caches' is not an array");
    for (const auto& c : caches)
        info.caches.push_back(
            {required<int>(c, "level"), required<uint64_t>(c, "size_bytes"), required<int>(c, "count")});

    const auto puList = required<nlohmann::json>(json, "pu_list");
    if (!puList.is_array()) badTopologyJson("key 'pu_list' is not an array");
    std::set<int> seenOs;
    for (const auto& p : puList) {
        PuInfo pu{required<int>(p, "os"), required<int>(p, "logical"), required<int>(p, "core"),
                  required<int>(p, "package"), required<int>(p, "numa")};
        if (pu.osIndex < 0 || pu.osIndex > CpuSet::kMaxIndex || !seenOs.insert(pu.osIndex).second)
            badTopologyJson("pu_list has a bad or repeated os index " + std::to_string(pu.osIndex));
        info.pus.push_back(pu);
    }
    if (puCount != info.puCount())
        badTopologyJson("says pus " + std::to_string(puCount) + " but pu_list has " + std::to_string(info.puCount()));
    info.usable = json.contains("usable") ? parseAllowedList(required<std::string>(json, "usable")) : info.allPus();
    if (!info.allowed.isSubsetOf(info.allPus()))
        badTopologyJson("allowed " + info.allowed.toList() + " is not within the PUs " + info.allPus().toList());
    if (!info.usable.isSubsetOf(info.allPus()))
        badTopologyJson("usable " + info.usable.toList() + " is not within the PUs " + info.allPus().toList());
    return info;
}

} // namespace oversub::topology
