#pragma once
// The processes of one run: every pid the conductor forked and the run's
// process group (the first worker leads it; parent and child both call
// setpgid, so neither order of execution races). Teardown is always the same:
// SIGKILL to the group, SIGKILL to each pid (a worker that failed to join the
// group), SIGKILL to any descendant that left it, then waitpid on every pid
// until all are reaped. The destructor does this too, so no exit path of the
// conductor leaves a worker behind.

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace oversub::conductor {

struct WorkerExit {
    int worker = -1;
    pid_t pid = 0;
    bool exited = false; // normal exit (see exitStatus)
    int exitStatus = 0;
    bool signaled = false; // killed by termSignal
    bool stopped = false; // stopped by stopSignal (still alive)
    int signal = 0;
    std::string describe() const; // "exited with status 3", "killed by SIGSEGV", "stopped by SIGSTOP"
};

class WorkerProcesses {
public:
    WorkerProcesses() = default;
    ~WorkerProcesses();
    WorkerProcesses(const WorkerProcesses&) = delete;
    WorkerProcesses& operator=(const WorkerProcesses&) = delete;

    // The run's process group (0 before the first worker).
    pid_t group() const { return group_; }
    // In the parent, right after fork: records the pid, puts it in the group
    // and opens a pidfd for it.
    void adopt(int worker, pid_t pid);
    // Readable once the worker has exited (poll it beside the pipes): exits
    // are seen even when SIGCHLD goes to another thread of this process (a
    // BLAS pool thread that does not block it swallows it). -1 once reaped or
    // when the kernel has no pidfds; SIGCHLD still covers that case.
    int pidfdOf(int worker) const;
    // In the child, right after fork (async-signal-safe): joins the group of
    // `group` (0: becomes its leader). Returns false on failure.
    static bool joinGroupInChild(pid_t group);

    // Non-blocking: reaps (or notices stopped) workers. Returns what happened
    // to each, in the order noticed. Reaped pids are forgotten.
    std::vector<WorkerExit> poll();
    // Blocks until `worker`'s process is reaped (it must be about to exit).
    std::optional<WorkerExit> waitFor(int worker);

    // Pids forked and not reaped yet.
    std::vector<pid_t> alive() const;
    int aliveCount() const;

    // Kills everything of the run and reaps every pid. Idempotent. Returns
    // the exits reaped (for workers that had not been reaped before).
    // With `reapBudgetSeconds`, stops waiting once it is spent: the rest have
    // been sent SIGKILL and are only still being torn down by the kernel
    // (about 0.7 ms of exit work a process on a 2-vCPU VM, serialised), so
    // they are left for init to reap once this process exits; a cancel of
    // 2,048 running workers then returns in well under a second.
    std::vector<WorkerExit> killAndReapAll(std::optional<double> reapBudgetSeconds = std::nullopt);

private:
    struct Entry {
        int worker;
        pid_t pid;
        int pidfd = -1;
        bool reaped = false;
        bool inGroup = false; // killpg reaches it
    };
    static void markReaped(Entry& entry);
    static WorkerExit describeStatus(int worker, pid_t pid, int status);
    std::vector<Entry> entries_;
    pid_t group_ = 0;
};

std::string signalName(int signal); // "SIGSEGV", or "signal 42"

} // namespace oversub::conductor
