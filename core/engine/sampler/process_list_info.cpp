#include "sampler/process_list_info.h"

#include "sampler/process_tree.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>

namespace oversub::sampler {
namespace {

std::optional<std::string> readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    return text;
}

// "PID (comm) S PPID ... num_threads(20) ...": comm may hold spaces and ')',
// so it ends at the last ')'.
bool parseStatLine(const std::string& text, ProcessListEntry& out) {
    const auto open = text.find('(');
    const auto close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) return false;
    out.name = text.substr(open + 1, close - open - 1);
    std::istringstream rest(text.substr(close + 1));
    std::vector<std::string> fields; // fields[0] is field 3 (state)
    for (std::string field; rest >> field && fields.size() < 18;) fields.push_back(field);
    if (fields.size() < 18) return false;
    auto number = [](const std::string& s, int& value) {
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        return ec == std::errc() && ptr == s.data() + s.size();
    };
    return number(fields[1], out.ppid) && number(fields[17], out.threads);
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
