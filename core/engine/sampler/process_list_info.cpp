#include "sampler/process_list_info.h"

#include "sampler/proc_parse.h"
#include "sampler/process_tree.h"

#include "util/fd_io.h"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace oversub::sampler {
namespace {

// With read(2), not a stream: a process that exits while its files are read
// makes read fail with ESRCH, which libstdc++'s filebuf turns into an
// exception that escaped `oversub-cli processes`; here it is just "gone".
std::optional<std::string> readWholeFile(const std::string& path) {
    const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return std::nullopt;
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got > 0) text.append(buffer, static_cast<size_t>(got));
        else if (got == 0) return text;
        else if (errno != EINTR) return std::nullopt;
    }
}

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
    const auto stat = readWholeFile(dir + "/stat");
    ProcessListEntry entry;
    entry.pid = pid;
    if (!stat || !parseStatLine(*stat, entry)) return std::nullopt;
    if (const auto cmdline = readWholeFile(dir + "/cmdline")) entry.cmdline = joinedCmdline(*cmdline);
    return entry;
}

std::optional<std::string> processName(int pid, const std::string& procRoot) {
    if (pid <= 0) return std::nullopt;
    auto comm = readWholeFile(procRoot + "/" + std::to_string(pid) + "/comm");
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
