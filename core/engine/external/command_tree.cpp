#include "external/command_tree.h"

#include "sampler/proc_parse.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

namespace oversub::external {

namespace {

bool contains(const std::vector<int>& list, int value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; }

} // namespace

std::vector<ProcessRow> scanProcesses() {
    std::vector<ProcessRow> rows;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir("/proc"), ::closedir);
    if (!dir) return rows;
    char path[320];
    char text[1024];
    while (const dirent* entry = ::readdir(dir.get())) {
        const char* name = entry->d_name;
        if (*name < '1' || *name > '9' || std::strspn(name, "0123456789") != std::strlen(name)) continue;
        std::snprintf(path, sizeof path, "%s/stat", name);
        const int fd = ::openat(::dirfd(dir.get()), path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        const ssize_t n = ::read(fd, text, sizeof text);
        ::close(fd);
        sampler::TaskStatFields stat;
        if (n <= 0 || !sampler::parseTaskStat(std::string_view(text, static_cast<size_t>(n)), stat)) continue;
        rows.push_back({std::atoi(name), stat.ppid, stat.state});
    }
    return rows;
}

CommandTree::CommandTree() : self_(::getpid()) {
    for (const auto& row : scanProcesses())
        if (row.ppid == self_) before_.push_back(row.pid);
}

bool CommandTree::ownChild(int pid) const { return pid == root_ || !contains(before_, pid); }

std::vector<int> CommandTree::anchors(const std::vector<ProcessRow>& rows) const {
    std::vector<int> out;
    if (root_ > 0 && !rootReaped_) out.push_back(root_);
    for (const auto& row : rows)
        if (row.ppid == self_ && row.pid != root_ && ownChild(row.pid)) out.push_back(row.pid);
    return out;
}

std::vector<int> CommandTree::liveMembers() const {
    std::vector<int> pids;
    for (const auto& row : members(false)) pids.push_back(row.pid);
    return pids;
}

std::vector<ProcessRow> CommandTree::liveMemberRows() const { return members(false); }

std::vector<ProcessRow> CommandTree::members(bool withZombies) const {
    const std::vector<ProcessRow> rows = scanProcesses();
    std::vector<int> tree = anchors(rows);
    // Breadth first: a generation per pass; a pid is taken once.
    for (size_t next = 0; next < tree.size(); ++next)
        for (const auto& row : rows)
            if (row.ppid == tree[next] && !contains(tree, row.pid)) tree.push_back(row.pid);
    std::vector<ProcessRow> live;
    for (int pid : tree) {
        const auto row = std::find_if(rows.begin(), rows.end(), [&](const ProcessRow& r) { return r.pid == pid; });
        if (row != rows.end() && (withZombies || (row->state != 'Z' && row->state != 'X'))) live.push_back(*row);
    }
    return live;
}

void CommandTree::account(const rusage& usage) { cpuSeconds_ += seconds(usage.ru_utime) + seconds(usage.ru_stime); }

bool CommandTree::rootExited() const {
    if (root_ <= 0 || rootReaped_) return false;
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(root_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return false;
    return info.si_pid == root_;
}

std::optional<int> CommandTree::reapRoot() {
    if (root_ <= 0 || rootReaped_) return std::nullopt;
    int status = 0;
    rusage usage{};
    const pid_t got = ::wait4(root_, &status, WNOHANG, &usage);
    if (got == root_) {
        rootReaped_ = true;
        account(usage);
        return status;
    }
    if (got < 0 && errno == ECHILD) rootReaped_ = true; // reaped elsewhere: nothing to wait for
    return std::nullopt;
}

void CommandTree::reapOrphans() {
    for (const auto& row : scanProcesses()) {
        if (row.ppid != self_ || row.pid == root_ || !ownChild(row.pid) || row.state != 'Z') continue;
        int status = 0;
        rusage usage{};
        if (::wait4(row.pid, &status, WNOHANG, &usage) == row.pid) account(usage);
    }
}

void CommandTree::killAndReapAll(double limitSeconds) {
    if (root_ <= 0) return;
    ::kill(-root_, SIGKILL); // the group first: one call reaches everything that stayed in it
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(limitSeconds);
    for (;;) {
        const std::vector<int> live = liveMembers();
        for (int pid : live) ::kill(pid, SIGKILL);
        reapRoot();
        reapOrphans();
        if (live.empty() && rootReaped_ && members(true).empty()) return; // all dead and reaped
        if (std::chrono::steady_clock::now() > deadline) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

} // namespace oversub::external
