// distribute(): hwloc_distrib re-done on TopologyInfo, so scatter placement
// needs no hwloc handle (the window and synthetic previews use it too). The
// arithmetic follows hwloc's helper.h line by line; the golden file
// tests/core/fixtures/topology/hwloc_distrib_single.txt is hwloc-distrib's
// own output.

#include "placement/placement.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace oversub {

namespace {

// One object of the package > [NUMA] > core > PU tree, holding only PUs of
// the set being distributed.
struct DistribNode {
    std::vector<int> pus; // OS indices, logical order
    std::vector<DistribNode> children;
};

// Which NUMA level, if any, sits between packages and cores (as the Group
// hwloc makes for several NUMA nodes in one package), or above packages.
enum class NumaLevel { None, InsidePackage, AbovePackage };

NumaLevel numaLevelOf(const topology::TopologyInfo& machine) {
    std::vector<int> packageOfNuma, numaOfPackage;
    bool numaInsidePackage = true, packageInsideNuma = true;
    auto note = [](std::vector<int>& map, int key, int value, bool& consistent) {
        if (key < 0) return;
        if (map.size() <= static_cast<size_t>(key)) map.resize(static_cast<size_t>(key) + 1, -1);
        int& slot = map[static_cast<size_t>(key)];
        if (slot == -1) slot = value;
        else if (slot != value) consistent = false;
    };
    for (const auto& pu : machine.pus) {
        note(packageOfNuma, pu.numaIndex, pu.packageIndex, numaInsidePackage);
        note(numaOfPackage, pu.packageIndex, pu.numaIndex, packageInsideNuma);
    }
    if (machine.numaNodes > machine.packages && numaInsidePackage) return NumaLevel::InsidePackage;
    if (machine.packages > machine.numaNodes && packageInsideNuma) return NumaLevel::AbovePackage;
    return NumaLevel::None;
}

// Groups consecutive PUs (logical order) by their key at each level.
void build(DistribNode& node, const std::vector<const topology::PuInfo*>& pus, size_t begin, size_t end,
           const std::vector<int (*)(const topology::PuInfo&)>& levels, size_t level) {
    for (size_t i = begin; i < end; ++i) node.pus.push_back(pus[i]->osIndex);
    if (level == levels.size()) return;
    size_t start = begin;
    while (start < end) {
        const int key = levels[level](*pus[start]);
        size_t stop = start + 1;
        while (stop < end && levels[level](*pus[stop]) == key) ++stop;
        node.children.emplace_back();
        build(node.children.back(), pus, start, stop, levels, level + 1);
        start = stop;
    }
}

CpuSet toSet(const std::vector<int>& pus) {
    CpuSet set;
    for (int pu : pus) set.add(pu);
    return set;
}

// Where distrib() puts its areas: whole sets, or only their lowest PU (so
// placing millions of threads does not copy millions of sets).
struct AreaSets {
    std::vector<CpuSet> areas;
    void add(const DistribNode& node, int64_t count) {
        const CpuSet area = toSet(node.pus);
        for (int64_t j = 0; j < count; ++j) areas.push_back(area);
    }
    void mergeIntoLast(const DistribNode& node) { areas.back() |= toSet(node.pus); }
    bool empty() const { return areas.empty(); }
};

struct AreaSingles {
    std::vector<int> pus;
    void add(const DistribNode& node, int64_t count) {
        const int lowest = *std::min_element(node.pus.begin(), node.pus.end());
        pus.insert(pus.end(), static_cast<size_t>(count), lowest);
    }
    void mergeIntoLast(const DistribNode& node) {
        pus.back() = std::min(pus.back(), *std::min_element(node.pus.begin(), node.pus.end()));
    }
    bool empty() const { return pus.empty(); }
};

// hwloc_distrib: each root gets a chunk of n proportional to its weight;
// a root given one (or that cannot be split) takes its whole set; a root given
// none merges its set into the previous area so it is not forgotten.
template <typename Sink>
void distrib(const std::vector<const DistribNode*>& roots, int64_t n, Sink& out) {
    int64_t totalWeight = 0;
    for (const auto* root : roots) totalWeight += static_cast<int64_t>(root->pus.size());
    if (totalWeight == 0) return;
    int64_t givenWeight = 0;
    for (const auto* root : roots) {
        const int64_t weight = static_cast<int64_t>(root->pus.size());
        if (weight == 0) continue;
        const int64_t chunk = ((givenWeight + weight) * n + totalWeight - 1) / totalWeight -
                              (givenWeight * n + totalWeight - 1) / totalWeight;
        if (root->children.empty() || chunk <= 1) {
            if (chunk > 0) out.add(*root, chunk);
            else if (!out.empty()) out.mergeIntoLast(*root);
        } else {
            std::vector<const DistribNode*> children;
            for (const auto& child : root->children) children.push_back(&child);
            distrib(children, chunk, out);
        }
        givenWeight += weight;
    }
}

// The package > [NUMA] > core > PU tree of the PUs in `within`.
DistribNode buildTree(const topology::TopologyInfo& machine, const CpuSet& within) {
    std::vector<const topology::PuInfo*> pus;
    for (const auto& pu : machine.pus)
        if (within.contains(pu.osIndex)) pus.push_back(&pu);
    using Key = int (*)(const topology::PuInfo&);
    const Key package = [](const topology::PuInfo& pu) { return pu.packageIndex; };
    const Key numa = [](const topology::PuInfo& pu) { return pu.numaIndex; };
    const Key core = [](const topology::PuInfo& pu) { return pu.coreIndex; };
    const Key self = [](const topology::PuInfo& pu) { return pu.logicalIndex; };
    std::vector<Key> levels;
    switch (numaLevelOf(machine)) {
    case NumaLevel::InsidePackage: levels = {package, numa, core, self}; break;
    case NumaLevel::AbovePackage: levels = {numa, package, core, self}; break;
    case NumaLevel::None: levels = {package, core, self}; break;
    }
    DistribNode root;
    build(root, pus, 0, pus.size(), levels, 0);
    return root;
}

} // namespace

std::vector<CpuSet> distribute(const topology::TopologyInfo& machine, const CpuSet& within, int n) {
    AreaSets sink;
    if (n <= 0) return {};
    const DistribNode root = buildTree(machine, within);
    distrib<AreaSets>({&root}, n, sink);
    return std::move(sink.areas);
}

std::vector<int> distributeSingle(const topology::TopologyInfo& machine, const CpuSet& within, int n) {
    AreaSingles sink;
    if (n <= 0) return {};
    const DistribNode root = buildTree(machine, within);
    distrib<AreaSingles>({&root}, n, sink);
    return std::move(sink.pus);
}

} // namespace oversub
