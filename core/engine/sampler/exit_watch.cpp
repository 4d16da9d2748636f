#include "sampler/exit_watch.h"

#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace oversub::sampler {
namespace {

int pidfdOpen(pid_t pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    return -1;
#endif
}

} // namespace

ExitWatch::ExitWatch() : epollFd_(::epoll_create1(EPOLL_CLOEXEC)) {}

ExitWatch::~ExitWatch() {
    unwatchAll();
    if (epollFd_ >= 0) ::close(epollFd_);
}

bool ExitWatch::watch(pid_t pid) {
    if (epollFd_ < 0 || pid <= 0) return false;
    auto it =
        std::lower_bound(entries_.begin(), entries_.end(), pid, [](const Entry& e, pid_t p) { return e.pid < p; });
    if (it != entries_.end() && it->pid == pid) return true;
    const int fd = pidfdOpen(pid);
    if (fd < 0) return false;
    epoll_event event{};
    event.events = EPOLLIN; // level-triggered: an exited process stays ready
    event.data.u64 = static_cast<uint64_t>(pid);
    if (::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &event) != 0) {
        ::close(fd);
        return false;
    }
    entries_.insert(it, Entry{pid, fd});
    return true;
}

void ExitWatch::unwatch(pid_t pid) {
    auto it =
        std::lower_bound(entries_.begin(), entries_.end(), pid, [](const Entry& e, pid_t p) { return e.pid < p; });
    if (it == entries_.end() || it->pid != pid) return;
    ::close(it->fd); // also leaves the epoll set
    entries_.erase(it);
}

void ExitWatch::unwatchAll() {
    for (const auto& e : entries_) ::close(e.fd);
    entries_.clear();
}

void ExitWatch::exited(std::vector<pid_t>& pids) {
    pids.clear();
    if (epollFd_ < 0 || entries_.empty()) return;
    if (events_.size() < entries_.size()) events_.resize(entries_.size());
    const int n = ::epoll_wait(epollFd_, events_.data(), static_cast<int>(entries_.size()), 0);
    for (int i = 0; i < n; ++i) pids.push_back(static_cast<pid_t>(events_[i].data.u64));
}

} // namespace oversub::sampler
