#include "conductor/worker_processes.h"

#include "sampler/process_tree.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace oversub::conductor {

std::string signalName(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    if (abbrev) return std::string("SIG") + abbrev;
    return "signal " + std::to_string(signal);
}

std::string WorkerExit::describe() const {
    if (signaled) return "killed by " + signalName(signal);
    if (stopped) return "stopped by " + signalName(signal);
    return "exited with status " + std::to_string(exitStatus);
}

WorkerProcesses::~WorkerProcesses() { killAndReapAll(); }

void WorkerProcesses::adopt(int worker, pid_t pid) {
    if (group_ == 0) group_ = pid;
    // Fails harmlessly when the child already did it (or already exec'd/exited).
    const bool inGroup = ::setpgid(pid, group_) == 0 || ::getpgid(pid) == group_;
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) ::fcntl(pidfd, F_SETFD, FD_CLOEXEC);
    entries_.push_back({worker, pid, pidfd, false, inGroup});
}

int WorkerProcesses::pidfdOf(int worker) const {
    for (const auto& entry : entries_)
        if (entry.worker == worker && !entry.reaped) return entry.pidfd;
    return -1;
}

void WorkerProcesses::markReaped(Entry& entry) {
    entry.reaped = true;
    if (entry.pidfd >= 0) ::close(entry.pidfd);
    entry.pidfd = -1;
}

bool WorkerProcesses::joinGroupInChild(pid_t group) { return ::setpgid(0, group) == 0; }

WorkerExit WorkerProcesses::describeStatus(int worker, pid_t pid, int status) {
    WorkerExit exit;
    exit.worker = worker;
    exit.pid = pid;
    if (WIFEXITED(status)) {
        exit.exited = true;
        exit.exitStatus = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        exit.signaled = true;
        exit.signal = WTERMSIG(status);
    } else if (WIFSTOPPED(status)) {
        exit.stopped = true;
        exit.signal = WSTOPSIG(status);
    }
    return exit;
}

std::vector<WorkerExit> WorkerProcesses::poll() {
    std::vector<WorkerExit> out;
    for (auto& entry : entries_) {
        if (entry.reaped) continue;
        int status = 0;
        const pid_t got = ::waitpid(entry.pid, &status, WNOHANG | WUNTRACED);
        if (got != entry.pid) continue;
        WorkerExit exit = describeStatus(entry.worker, entry.pid, status);
        if (!exit.stopped) markReaped(entry);
        out.push_back(exit);
    }
    return out;
}

std::optional<WorkerExit> WorkerProcesses::waitFor(int worker) {
    for (auto& entry : entries_) {
        if (entry.worker != worker || entry.reaped) continue;
        int status = 0;
        pid_t got;
        do {
            got = ::waitpid(entry.pid, &status, 0);
        } while (got < 0 && errno == EINTR);
        markReaped(entry);
        if (got != entry.pid) return std::nullopt;
        return describeStatus(entry.worker, entry.pid, status);
    }
    return std::nullopt;
}

std::vector<pid_t> WorkerProcesses::alive() const {
    std::vector<pid_t> out;
    for (const auto& entry : entries_)
        if (!entry.reaped) out.push_back(entry.pid);
    return out;
}

int WorkerProcesses::aliveCount() const { return static_cast<int>(alive().size()); }

std::vector<WorkerExit> WorkerProcesses::killAndReapAll(std::optional<double> reapBudgetSeconds) {
    std::vector<WorkerExit> out;
    if (aliveCount() == 0) return out;
    // Descendants must be found while their parents still exist: once a
    // worker is reaped its children are re-parented and lost to the tree.
    // One /proc scan for all of them: a scan per worker made a teardown of
    // 2,048 workers read /proc 2,048 times (over a minute).
    const std::vector<pid_t> escaped = sampler::newDescendantsOf(alive(), sampler::listProcesses());
    // One killpg reaches the group; a kill per worker only for those outside
    // it. Every syscall after killpg competes for the CPUs with thousands of
    // dying workers (2,048 kills took a second on 2 vCPUs).
    const bool groupKilled = group_ > 0 && ::killpg(group_, SIGKILL) == 0;
    for (const auto& entry : entries_)
        if (!entry.reaped && !(groupKilled && entry.inGroup)) ::kill(entry.pid, SIGKILL);
    for (pid_t pid : escaped) ::kill(pid, SIGKILL);
    const auto deadline = reapBudgetSeconds
                              ? std::optional(std::chrono::steady_clock::now() +
                                              std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                  std::chrono::duration<double>(*reapBudgetSeconds)))
                              : std::nullopt;
    for (auto& entry : entries_) {
        if (entry.reaped) continue;
        if (deadline && entry.pidfd >= 0) {
            // The pidfd becomes readable when the process has exited.
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
            pollfd exited{entry.pidfd, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&exited, 1, static_cast<int>(left.count())) <= 0) {
                markReaped(entry); // killed; init reaps it after this process exits
                continue;
            }
        }
        int status = 0;
        pid_t got;
        do {
            got = ::waitpid(entry.pid, &status, 0);
        } while (got < 0 && errno == EINTR);
        markReaped(entry);
        if (got == entry.pid) out.push_back(describeStatus(entry.worker, entry.pid, status));
    }
    return out;
}

} // namespace oversub::conductor
