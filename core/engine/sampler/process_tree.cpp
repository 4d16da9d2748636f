#include "sampler/process_tree.h"

#include "sampler/proc_file.h"
#include "sampler/proc_parse.h"

#include <dirent.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

namespace oversub::sampler {
namespace {

bool parsePidName(const char* name, int& pid) {
    const char* end = name + std::strlen(name);
    const auto [ptr, ec] = std::from_chars(name, end, pid);
    return ec == std::errc() && ptr == end && ptr != name && pid > 0;
}

} // namespace

std::vector<ProcessParent> listProcesses(const std::string& procRoot) {
    std::vector<ProcessParent> processes;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(procRoot.c_str()), ::closedir);
    if (!dir) return processes;
    std::vector<char> buffer(1024);
    char path[64];
    while (const dirent* entry = ::readdir(dir.get())) {
        int pid = 0;
        if (!parsePidName(entry->d_name, pid)) continue;
        std::snprintf(path, sizeof path, "%d/stat", pid);
        KeptOpenFile stat;
        std::string_view text;
        int ppid = 0;
        if (!stat.open(::dirfd(dir.get()), path) || !stat.readAll(buffer, text) || !parseTaskStatPpid(text, ppid))
            continue; // exited meanwhile, or not a process directory
        processes.push_back({pid, ppid});
    }
    return processes;
}

std::vector<int> descendantsOf(int pid, const std::vector<ProcessParent>& processes) {
    auto contains = [](const std::vector<int>& list, int value) {
        for (int v : list)
            if (v == value) return true;
        return false;
    };
    // Breadth first, one generation per pass. A pid is taken once, so a
    // malformed table (a cycle) cannot loop.
    std::vector<int> found;
    std::vector<int> generation{pid};
    while (!generation.empty()) {
        std::vector<int> next;
        for (const auto& p : processes)
            if (contains(generation, p.ppid) && p.pid != pid && !contains(found, p.pid) && !contains(next, p.pid))
                next.push_back(p.pid);
        found.insert(found.end(), next.begin(), next.end());
        generation = std::move(next);
    }
    return found;
}

std::vector<int> newDescendantsOf(const std::vector<int>& roots, const std::vector<ProcessParent>& processes) {
    std::vector<int> found;
    for (int root : roots)
        for (int pid : descendantsOf(root, processes))
            if (std::find(roots.begin(), roots.end(), pid) == roots.end() &&
                std::find(found.begin(), found.end(), pid) == found.end())
                found.push_back(pid);
    return found;
}

std::vector<int> descendantsOf(int pid, const std::string& procRoot) {
    return descendantsOf(pid, listProcesses(procRoot));
}

} // namespace oversub::sampler
