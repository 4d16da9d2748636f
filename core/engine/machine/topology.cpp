#include "machine/topology.h"

#include "machine/affinity.h"
#include "util/input_error.h"

#include <hwloc.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace oversub::topology {

namespace {

// Synthetic descriptions are short; anything longer is a mistake or an attack.
constexpr size_t kMaxSyntheticChars = 1024;
// A synthetic machine larger than this would take hwloc seconds and memory to
// build and cannot be bound anyway; CpuSet holds PUs up to kMaxIndex.
constexpr long long kMaxSyntheticPus = CpuSet::kMaxIndex + 1;

using BitmapPtr = std::unique_ptr<hwloc_bitmap_s, decltype(&hwloc_bitmap_free)>;

BitmapPtr toBitmap(const CpuSet& set) {
    BitmapPtr bitmap(hwloc_bitmap_alloc(), &hwloc_bitmap_free);
    for (int i = set.first(); i >= 0; i = set.next(i)) hwloc_bitmap_set(bitmap.get(), static_cast<unsigned>(i));
    return bitmap;
}

CpuSet fromBitmap(hwloc_const_bitmap_t bitmap) {
    CpuSet set;
    if (!bitmap) return set;
    unsigned i;
    hwloc_bitmap_foreach_begin(i, bitmap) {
        if (i > static_cast<unsigned>(CpuSet::kMaxIndex)) break;
        set.add(static_cast<int>(i));
    }
    hwloc_bitmap_foreach_end();
    return set;
}

std::string describeErrno(int error) { return std::strerror(error); }

// Multiplies the counts in a synthetic description ("pack:2 core:8 pu:2" ->
// 32) so absurd machines are refused before hwloc tries to build them.
// Attributes in parentheses and memory levels in brackets are skipped.
long long syntheticPuEstimate(std::string_view description) {
    long long product = 1;
    int depth = 0;
    size_t i = 0;
    while (i < description.size()) {
        const char c = description[i];
        if (c == '(' || c == '[') ++depth;
        else if ((c == ')' || c == ']') && depth > 0) --depth;
        if (depth == 0 && std::isdigit(static_cast<unsigned char>(c)) &&
            (i == 0 || description[i - 1] == ':' || std::isspace(static_cast<unsigned char>(description[i - 1])))) {
            long long count = 0;
            while (i < description.size() && std::isdigit(static_cast<unsigned char>(description[i]))) {
                count = std::min<long long>(count * 10 + (description[i] - '0'), kMaxSyntheticPus + 1);
                ++i;
            }
            product = std::min<long long>(product * std::max<long long>(count, 1), kMaxSyntheticPus + 1);
            continue;
        }
        ++i;
    }
    return product;
}

struct HandleGuard {
    hwloc_topology_t handle = nullptr;
    ~HandleGuard() {
        if (handle) hwloc_topology_destroy(handle);
    }
    hwloc_topology_t release() { return std::exchange(handle, nullptr); }
};

HandleGuard initHandle() {
    HandleGuard guard;
    if (hwloc_topology_init(&guard.handle) != 0) {
        guard.handle = nullptr;
        throw std::runtime_error("hwloc_topology_init failed: " + describeErrno(errno));
    }
    return guard;
}

int cacheLevelOf(hwloc_obj_type_t type) {
    switch (type) {
    case HWLOC_OBJ_L1CACHE: return 1;
    case HWLOC_OBJ_L2CACHE: return 2;
    case HWLOC_OBJ_L3CACHE: return 3;
    case HWLOC_OBJ_L4CACHE: return 4;
    case HWLOC_OBJ_L5CACHE: return 5;
    default: return 0;
    }
}

TopologyInfo describe(hwloc_topology_t handle, std::string source, bool thisMachine) {
    TopologyInfo info;
    info.source = std::move(source);
    info.isThisMachine = thisMachine;
    info.hwlocVersion = Topology::hwlocRuntimeVersion();
    info.packages = std::max(1, hwloc_get_nbobjs_by_type(handle, HWLOC_OBJ_PACKAGE));
    info.numaNodes = std::max(1, hwloc_get_nbobjs_by_type(handle, HWLOC_OBJ_NUMANODE));
    const int hwlocCores = hwloc_get_nbobjs_by_type(handle, HWLOC_OBJ_CORE);

    // NUMA node of each PU: hwloc 2 attaches NUMA nodes as memory children,
    // so look them up by cpuset rather than by ancestry.
    std::map<unsigned, int> numaOfPu;
    const int numaCount = hwloc_get_nbobjs_by_type(handle, HWLOC_OBJ_NUMANODE);
    for (int n = 0; n < numaCount; ++n) {
        hwloc_obj_t node = hwloc_get_obj_by_type(handle, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(n));
        unsigned pu;
        hwloc_bitmap_foreach_begin(pu, node->cpuset) { numaOfPu.emplace(pu, n); }
        hwloc_bitmap_foreach_end();
    }

    const int puCount = hwloc_get_nbobjs_by_type(handle, HWLOC_OBJ_PU);
    std::map<int, int> distinctCores;
    for (int i = 0; i < puCount; ++i) {
        hwloc_obj_t pu = hwloc_get_obj_by_type(handle, HWLOC_OBJ_PU, static_cast<unsigned>(i));
        PuInfo entry;
        entry.osIndex = static_cast<int>(pu->os_index);
        entry.logicalIndex = static_cast<int>(pu->logical_index);
        hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(handle, HWLOC_OBJ_CORE, pu);
        // A PU without a Core parent (some virtual machines) counts as its own core.
        entry.coreIndex = core ? static_cast<int>(core->logical_index) : hwlocCores + i;
        hwloc_obj_t package = hwloc_get_ancestor_obj_by_type(handle, HWLOC_OBJ_PACKAGE, pu);
        entry.packageIndex = package ? static_cast<int>(package->logical_index) : 0;
        const auto numa = numaOfPu.find(pu->os_index);
        entry.numaIndex = numa != numaOfPu.end() ? numa->second : 0;
        if (entry.osIndex < 0 || entry.osIndex > CpuSet::kMaxIndex)
            throw std::runtime_error("PU P#" + std::to_string(pu->os_index) + " is beyond the " +
                                     std::to_string(CpuSet::kMaxIndex + 1) + " PUs Oversub handles");
        distinctCores.emplace(entry.coreIndex, 0);
        info.pus.push_back(entry);
    }
    info.cores = static_cast<int>(distinctCores.size());

    for (int depth = 0; depth < hwloc_topology_get_depth(handle); ++depth) {
        const hwloc_obj_type_t type = hwloc_get_depth_type(handle, depth);
        const int level = cacheLevelOf(type);
        if (level == 0) continue;
        hwloc_obj_t first = hwloc_get_obj_by_depth(handle, depth, 0);
        if (!first) continue;
        info.caches.push_back(
            {level, first->attr->cache.size, static_cast<int>(hwloc_get_nbobjs_by_depth(handle, depth))});
    }
    std::sort(info.caches.begin(), info.caches.end(),
              [](const CacheInfo& a, const CacheInfo& b) { return a.level < b.level; });

    info.allowed = info.allPus();
    info.usable = info.allPus();
    if (thisMachine) {
        info.usable &= fromBitmap(hwloc_topology_get_allowed_cpuset(handle)); // the cgroup's cpuset
        info.allowed = info.usable & currentAffinity();
    }
    return info;
}

} // namespace

Topology::Topology(hwloc_topology* handle, std::string source, bool thisMachine) : handle_(handle) {
    try {
        info_ = describe(handle_, std::move(source), thisMachine);
    } catch (...) {
        hwloc_topology_destroy(handle_);
        handle_ = nullptr;
        throw;
    }
}

Topology::Topology(Topology&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), info_(std::move(other.info_)) {}

Topology& Topology::operator=(Topology&& other) noexcept {
    if (this != &other) {
        if (handle_) hwloc_topology_destroy(handle_);
        handle_ = std::exchange(other.handle_, nullptr);
        info_ = std::move(other.info_);
    }
    return *this;
}

Topology::~Topology() {
    if (handle_) hwloc_topology_destroy(handle_);
}

Topology Topology::load() {
    HandleGuard guard = initHandle();
    // Keep PUs the cgroup forbids, so the tree shows the whole machine and
    // `allowed` shows what this process may use.
    hwloc_topology_set_flags(guard.handle, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
    if (hwloc_topology_load(guard.handle) != 0)
        throw std::runtime_error("hwloc cannot load this machine's topology: " + describeErrno(errno));
    const bool thisMachine = hwloc_topology_is_thissystem(guard.handle) != 0;
    return Topology(guard.release(), thisMachine ? "this machine" : "this machine (hwloc environment override)",
                    thisMachine);
}

Topology Topology::fromSynthetic(std::string_view description) {
    const std::string text(description);
    const std::string allowed = "an hwloc synthetic description such as \"pack:2 core:8 pu:2\" or "
                                "\"pack:4 numa:2 core:16 pu:2\", at most " +
                                std::to_string(kMaxSyntheticPus) + " PUs";
    if (text.empty() || text.size() > kMaxSyntheticChars || text.find_first_not_of(" \t") == std::string::npos)
        throw InputError("synthetic", text.substr(0, 64), allowed);
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            throw InputError("synthetic", "(control characters)", allowed);
    if (syntheticPuEstimate(text) > kMaxSyntheticPus) throw InputError("synthetic", text, allowed);

    HandleGuard guard = initHandle();
    if (hwloc_topology_set_synthetic(guard.handle, text.c_str()) != 0 || hwloc_topology_load(guard.handle) != 0)
        throw InputError("synthetic", text, allowed);
    if (hwloc_get_nbobjs_by_type(guard.handle, HWLOC_OBJ_PU) > kMaxSyntheticPus)
        throw InputError("synthetic", text, allowed);
    return Topology(guard.release(), "synthetic: " + text, false);
}

Topology Topology::fromXml(const std::string& path) {
    {
        std::ifstream probe(path);
        if (!probe) throw InputError("xml", "'" + path + "' cannot be read (" + describeErrno(errno) + ")");
    }
    HandleGuard guard = initHandle();
    if (hwloc_topology_set_xml(guard.handle, path.c_str()) != 0 || hwloc_topology_load(guard.handle) != 0)
        throw InputError("xml", path, "an hwloc XML topology file, as written by lstopo --of xml");
    if (hwloc_get_nbobjs_by_type(guard.handle, HWLOC_OBJ_PU) < 1)
        throw InputError("xml", "'" + path + "' describes no PU");
    try {
        return Topology(guard.release(), "xml: " + path, false);
    } catch (const std::runtime_error& e) {
        throw InputError("xml", "'" + path + "': " + e.what()); // e.g. PU numbers beyond CpuSet's range
    }
}

bool Topology::bindThisProcess(const CpuSet& cpus) const {
    if (!info_.isThisMachine || !handle_) return false;
    if (cpus.empty()) {
        errno = EINVAL;
        return false;
    }
    const BitmapPtr bitmap = toBitmap(cpus);
    return hwloc_set_cpubind(handle_, bitmap.get(), HWLOC_CPUBIND_PROCESS) == 0;
}

std::string Topology::hwlocRuntimeVersion() {
    // hwloc has no runtime release query, but every load records the
    // library's release in the root object's "hwlocVersion" info.
    static const std::string version = [] {
        std::string found;
        hwloc_topology_t handle = nullptr;
        if (hwloc_topology_init(&handle) != 0) return found;
        if (hwloc_topology_set_synthetic(handle, "pu:1") == 0 && hwloc_topology_load(handle) == 0) {
            const char* value = hwloc_obj_get_info_by_name(hwloc_get_root_obj(handle), "hwlocVersion");
            if (value) found = value;
        }
        hwloc_topology_destroy(handle);
        if (found.empty()) found = "API " + hwlocRuntimeApiVersion();
        return found;
    }();
    return version;
}

namespace {
// 0x00020800 -> "2.8": hwloc encodes its API as major << 16 | minor << 8.
std::string apiText(unsigned api) { return std::to_string(api >> 16) + "." + std::to_string((api >> 8) & 0xff); }
} // namespace

std::string Topology::hwlocRuntimeApiVersion() { return apiText(hwloc_get_api_version()); }

std::string Topology::hwlocCompiledVersion() {
    return std::string(HWLOC_VERSION) + " (API " + apiText(HWLOC_API_VERSION) + ")";
}

Topology loadTopology(std::string_view synthetic, std::string_view xmlPath) {
    if (!synthetic.empty() && !xmlPath.empty())
        throw InputError("synthetic", "--synthetic and --xml cannot be used together (give one machine description)");
    if (!synthetic.empty()) return Topology::fromSynthetic(synthetic);
    if (!xmlPath.empty()) return Topology::fromXml(std::string(xmlPath));
    return Topology::load();
}

} // namespace oversub::topology
