#pragma once
// Which watched processes have exited (all their threads gone; the leader may
// still be a zombie waiting for its parent), for the price of one
// epoll_wait per tick whatever the number of processes: each process has a
// pidfd (pidfd_open, Linux 5.3+, any pid the caller can see), which becomes
// readable when the process exits. The sampler skips the stat file of
// running threads whose CPU it knows from their affinity, so without this it
// would see a process's exit (the leader's state turning Z) only at the next
// periodic stat refresh.
//
// Without pidfd_open (older kernels, seccomp filters) watch() returns false
// and the caller keeps reading stat when a thread stops running.

#include <sys/epoll.h>
#include <sys/types.h>

#include <vector>

namespace oversub::sampler {

class ExitWatch {
public:
    ExitWatch();
    ~ExitWatch();
    ExitWatch(const ExitWatch&) = delete;
    ExitWatch& operator=(const ExitWatch&) = delete;

    // False when the process cannot be watched this way (see above).
    bool watch(pid_t pid);
    void unwatch(pid_t pid);
    void unwatchAll();

    // Replaces `pids` with the watched processes that have exited (reaped or
    // not). A process stays listed until unwatched.
    void exited(std::vector<pid_t>& pids);

private:
    struct Entry {
        pid_t pid;
        int fd;
    };
    int epollFd_ = -1;
    std::vector<Entry> entries_; // ascending pid
    std::vector<epoll_event> events_; // reused
};

} // namespace oversub::sampler
