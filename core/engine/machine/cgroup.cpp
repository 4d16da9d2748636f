#include "machine/cgroup.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace oversub::machine {
namespace {

namespace fs = std::filesystem;

// v1 reports "no limit" as PAGE_COUNTER_MAX pages (9223372036854771712 on
// x86-64); anything this large is no limit.
constexpr uint64_t kUnlimitedMemoryBytes = uint64_t{1} << 62;

std::optional<std::string> readTrimmed(const fs::path& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
}

template <typename T>
std::optional<T> parseNumber(std::string_view s) {
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

template <typename T>
std::optional<T> readNumber(const fs::path& path) {
    const auto text = readTrimmed(path);
    if (!text) return std::nullopt;
    return parseNumber<T>(*text);
}

// Lines of /proc/self/cgroup: "hierarchy-id:controller,list:/path".
struct CgroupLine {
    std::string controllers;
    std::string path;
};

std::vector<CgroupLine> readSelfCgroup(const std::string& procRoot) {
    std::vector<CgroupLine> lines;
    std::ifstream in(procRoot + "/self/cgroup");
    std::string line;
    while (std::getline(in, line)) {
        const size_t first = line.find(':');
        const size_t second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos) continue;
        lines.push_back({line.substr(first + 1, second - first - 1), line.substr(second + 1)});
    }
    return lines;
}

bool listsController(const std::string& list, const std::string& controller) {
    std::stringstream items(list);
    std::string item;
    while (std::getline(items, item, ','))
        if (item == controller) return true;
    return false;
}

// The group's directory and every ancestor up to the mount root, deepest first.
std::vector<fs::path> groupChain(const fs::path& mount, const std::string& groupPath) {
    fs::path group = mount;
    for (const auto& part : fs::path(groupPath).relative_path()) group /= part;
    std::error_code ec;
    if (!fs::is_directory(group, ec)) group = mount;
    std::vector<fs::path> chain;
    for (fs::path dir = group;; dir = dir.parent_path()) {
        chain.push_back(dir);
        if (dir == mount || dir == dir.parent_path()) break;
    }
    return chain;
}

std::string groupPathFor(const std::vector<CgroupLine>& lines, const std::string& controller) {
    for (const auto& l : lines)
        if (controller.empty() ? l.controllers.empty() : listsController(l.controllers, controller)) return l.path;
    return "/";
}

// v1 mounts a controller under its own name, or under a combined name such as
// "cpu,cpuacct" (usually with a "cpu" symlink).
std::optional<fs::path> v1Mount(const fs::path& root, const std::vector<CgroupLine>& lines,
                                const std::string& controller) {
    std::error_code ec;
    if (fs::is_directory(root / controller, ec)) return root / controller;
    for (const auto& l : lines)
        if (listsController(l.controllers, controller) && fs::is_directory(root / l.controllers, ec))
            return root / l.controllers;
    return std::nullopt;
}

void keepTighter(std::optional<double>& current, double candidate) {
    if (!current || candidate < *current) current = candidate;
}

void keepTighter(std::optional<uint64_t>& current, uint64_t candidate) {
    if (!current || candidate < *current) current = candidate;
}

CgroupLimits readV2(const fs::path& root, const std::vector<CgroupLine>& lines) {
    CgroupLimits limits;
    limits.version = "v2";
    const auto chain = groupChain(root, groupPathFor(lines, ""));
    for (const auto& dir : chain) {
        // cpu.max: "max 100000" or "QUOTA PERIOD" in microseconds.
        if (const auto text = readTrimmed(dir / "cpu.max")) {
            const size_t space = text->find(' ');
            const std::string quota = text->substr(0, space);
            if (quota != "max" && space != std::string::npos) {
                const auto q = parseNumber<double>(quota);
                const auto p = parseNumber<double>(std::string_view(*text).substr(space + 1));
                if (q && p && *p > 0) keepTighter(limits.cpuQuotaCpus, *q / *p);
            }
        }
        if (const auto text = readTrimmed(dir / "memory.max"); text && *text != "max")
            if (const auto bytes = parseNumber<uint64_t>(*text)) keepTighter(limits.memoryLimitBytes, *bytes);
        if (limits.cpusetEffective.empty())
            if (const auto cpus = readTrimmed(dir / "cpuset.cpus.effective")) limits.cpusetEffective = *cpus;
    }
    return limits;
}

CgroupLimits readV1(const fs::path& root, const std::vector<CgroupLine>& lines) {
    CgroupLimits limits;
    limits.version = "v1";
    if (const auto mount = v1Mount(root, lines, "cpu")) {
        for (const auto& dir : groupChain(*mount, groupPathFor(lines, "cpu"))) {
            const auto quota = readNumber<int64_t>(dir / "cpu.cfs_quota_us"); // -1: none
            const auto period = readNumber<int64_t>(dir / "cpu.cfs_period_us");
            if (quota && period && *quota > 0 && *period > 0)
                keepTighter(limits.cpuQuotaCpus, static_cast<double>(*quota) / static_cast<double>(*period));
        }
    }
    if (const auto mount = v1Mount(root, lines, "cpuset")) {
        for (const auto& dir : groupChain(*mount, groupPathFor(lines, "cpuset"))) {
            auto cpus = readTrimmed(dir / "cpuset.effective_cpus");
            if (!cpus) cpus = readTrimmed(dir / "cpuset.cpus");
            if (cpus && !cpus->empty()) {
                limits.cpusetEffective = *cpus;
                break;
            }
        }
    }
    if (const auto mount = v1Mount(root, lines, "memory")) {
        for (const auto& dir : groupChain(*mount, groupPathFor(lines, "memory")))
            if (const auto bytes = readNumber<uint64_t>(dir / "memory.limit_in_bytes");
                bytes && *bytes < kUnlimitedMemoryBytes)
                keepTighter(limits.memoryLimitBytes, *bytes);
    }
    return limits;
}

} // namespace

CgroupLimits readCgroupLimits(const std::string& cgroupRoot, const std::string& procRoot) {
    const fs::path root(cgroupRoot);
    const auto lines = readSelfCgroup(procRoot);
    std::error_code ec;
    // A v2 (unified) mount has cgroup.controllers at its root; a v1 or hybrid
    // layout has one directory per controller (and maybe "unified" beside them).
    if (fs::exists(root / "cgroup.controllers", ec)) return readV2(root, lines);
    if (fs::is_directory(root / "cpu", ec) || fs::is_directory(root / "cpuset", ec) ||
        fs::is_directory(root / "memory", ec) || v1Mount(root, lines, "cpu"))
        return readV1(root, lines);
    CgroupLimits none;
    none.version = "none";
    return none;
}

} // namespace oversub::machine
