#include "sampler/process_list_info.h"

#include "sampler/proc_parse.h"
#include "sampler/process_tree.h"

#include "util/read_file.h"

#include <algorithm>

namespace oversub::sampler {
namespace {

// A process's stat, cmdline or comm; nullopt when it is gone (it may exit
// while its files are read: util/read_file.h never throws for that). A
// command line is cut at 16 MiB, 8 times the default ARG_MAX (a quarter of
// the 8 MiB stack limit).
constexpr size_t kMaxProcFileBytes = size_t{16} << 20;

std::optional<std::string> readProcFile(const std::string& path) { return readWholeFile(path, kMaxProcFileBytes); }

// Name (field 2), parent (4) and thread count (20) of a stat line.
bool parseStatLine(std::string_view text, ProcessListEntry& out) {
    StatLine line;
    int64_t ppid = 0, threads = 0;
    if (!splitStatLine(text, 20, line) || !line.number(4, ppid) || !line.number(20, threads)) return false;
    out.name = std::string(line.comm);
    out.ppid = static_cast<int>(ppid);
    out.threads = static_cast<int>(threads);
    return true;
}

std::string joinedCmdline(std::string raw) {
    while (!raw.empty() && raw.back() == '\0') raw.pop_back();
    std::replace(raw.begin(), raw.end(), '\0', ' ');
    return raw;
}

} // namespace

std::optional<ProcessListEntry> processInfo(int pid, const std::string& procRoot) {
    if (pid <= 0) return std::nullopt;
    const std::string dir = procRoot + "/" + std::to_string(pid);
    const auto stat = readProcFile(dir + "/stat");
    ProcessListEntry entry;
    entry.pid = pid;
    if (!stat || !parseStatLine(*stat, entry)) return std::nullopt;
    if (const auto cmdline = readProcFile(dir + "/cmdline")) entry.cmdline = joinedCmdline(*cmdline);
    return entry;
}

std::optional<std::string> processName(int pid, const std::string& procRoot) {
    if (pid <= 0) return std::nullopt;
    auto comm = readProcFile(procRoot + "/" + std::to_string(pid) + "/comm");
    if (!comm) return std::nullopt;
    if (!comm->empty() && comm->back() == '\n') comm->pop_back();
    return comm;
}

std::vector<ProcessListEntry> listProcessInfo(const std::string& procRoot) {
    std::vector<ProcessListEntry> entries;
    for (const auto& process : listProcesses(procRoot))
        if (auto entry = processInfo(process.pid, procRoot)) entries.push_back(std::move(*entry));
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; });
    return entries;
}

} // namespace oversub::sampler
