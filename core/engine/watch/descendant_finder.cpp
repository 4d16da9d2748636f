#include "watch/descendant_finder.h"

#include "sampler/process_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

namespace oversub::watch {
namespace {

bool contains(const std::vector<int>& list, int value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool parsePid(std::string_view text, int& pid) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty() && pid > 0;
}

// The files exist only on a kernel built with CONFIG_PROC_CHILDREN (the
// major distributions' are: checkpoint/restore needs it). A kernel without
// them still has every /proc/N/stat, so the watch falls back to the scan
// rather than lose the descendants.
bool kernelListsChildren(const std::string& procRoot) {
    const long tid = ::syscall(SYS_gettid);
    const std::string path = procRoot + "/self/task/" + std::to_string(tid) + "/children";
    return ::access(path.c_str(), R_OK) == 0;
}

} // namespace

DescendantFinder::DescendantFinder(DescendantSource source, std::string procRoot)
    : source_(source), procRoot_(std::move(procRoot)) {
    if (source_ == DescendantSource::Auto)
        source_ = kernelListsChildren(procRoot_) ? DescendantSource::ChildrenFiles : DescendantSource::ProcScan;
}

std::vector<int> DescendantFinder::scan(const std::vector<int>& watched) const {
    return sampler::newDescendantsOf(watched, sampler::listProcesses(procRoot_));
}

std::vector<int> DescendantFinder::newDescendants(const std::vector<int>& watched,
                                                  const std::vector<sampler::ThreadSample>& threads) {
    if (source_ == DescendantSource::ProcScan) return scan(watched);

    ++calls_;
    // A watched process that has gone may have left children to a watched
    // subreaper that did not run: read every file then, and now and again.
    bool everything = calls_ % kFullReadEveryCalls == 0;
    for (int pid : previousWatched_) everything = everything || !contains(watched, pid);

    std::vector<Task> tasks;
    for (const auto& t : threads)
        if (contains(watched, t.pid)) tasks.push_back({t.pid, t.tid, t.runNsTotal});
    for (int pid : watched)
        if (std::none_of(tasks.begin(), tasks.end(), [pid](const Task& t) { return t.pid == pid; }))
            listTasks(pid, tasks);
    const std::vector<int> toRead = processesToRead(tasks, watched);

    // Breadth first: a process found here gets its tasks appended and read
    // in this same call, so a whole new subtree is found at once.
    std::vector<int> found;
    for (size_t i = 0; i < tasks.size(); ++i) {
        const Task task = tasks[i];
        const bool newProcess = contains(found, task.pid);
        if (!everything && !newProcess && !contains(toRead, task.pid)) continue;
        std::vector<int> children;
        if (!readChildren(task, children)) {
            ++scansInstead_;
            found = scan(watched);
            break;
        }
        for (int child : children) {
            if (contains(watched, child) || contains(found, child)) continue;
            found.push_back(child);
            listTasks(child, tasks);
        }
    }
    previousWatched_ = watched;
    previousWatched_.insert(previousWatched_.end(), found.begin(), found.end());
    return found;
}

std::vector<int> DescendantFinder::processesToRead(const std::vector<Task>& tasks, const std::vector<int>& watched) {
    std::vector<int> toRead;
    for (auto& [tid, file] : files_) file.seen = false;
    for (const Task& task : tasks) {
        const auto it = files_.find(task.tid);
        const bool known = it != files_.end() && it->second.pid == task.pid;
        if (known) it->second.seen = true;
        // runNs 0: no run time to compare (first sight, or no schedstat).
        if (!known || task.runNs == 0 || task.runNs != it->second.runNsAtRead) {
            if (!contains(toRead, task.pid)) toRead.push_back(task.pid);
        }
    }
    for (auto it = files_.begin(); it != files_.end();) {
        if (it->second.seen) {
            ++it;
            continue;
        }
        // A thread that has gone handed its children to a sibling.
        if (contains(watched, it->second.pid) && !contains(toRead, it->second.pid)) toRead.push_back(it->second.pid);
        it = files_.erase(it);
    }
    return toRead;
}

bool DescendantFinder::readChildren(const Task& task, std::vector<int>& into) {
    auto [it, added] = files_.try_emplace(task.tid);
    ThreadFile& file = it->second;
    if (added || file.pid != task.pid) {
        file.children.close();
        file.pid = task.pid;
    }
    file.seen = true;
    if (!file.children.isOpen()) {
        char path[4096];
        std::snprintf(path, sizeof path, "%s/%d/task/%d/children", procRoot_.c_str(), task.pid, task.tid);
        if (!file.children.openOrReopen(AT_FDCWD, path)) {
            // Gone since it was listed: its children went to a sibling, whose
            // file is read too. Any other failure (no descriptors left) would
            // miss children.
            return errno == ENOENT || errno == ESRCH;
        }
    }
    std::string_view text;
    ++filesRead_;
    if (!file.children.readAll(buffer_, text)) return true; // exited since it was opened (ESRCH)
    file.runNsAtRead = task.runNs;
    // "123 456 " (pids, each followed by a blank)
    while (!text.empty()) {
        const size_t blank = text.find_first_of(" \n");
        int pid = 0;
        if (parsePid(text.substr(0, blank), pid)) into.push_back(pid);
        if (blank == std::string_view::npos) break;
        text.remove_prefix(blank + 1);
    }
    return true;
}

void DescendantFinder::listTasks(int pid, std::vector<Task>& into) const {
    const std::string path = procRoot_ + "/" + std::to_string(pid) + "/task";
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(path.c_str()), ::closedir);
    if (!dir) return; // exited
    while (const dirent* entry = ::readdir(dir.get())) {
        int tid = 0;
        if (parsePid(entry->d_name, tid)) into.push_back({pid, tid, 0});
    }
}

} // namespace oversub::watch
