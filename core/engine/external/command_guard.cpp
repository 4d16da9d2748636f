#include "external/command_guard.h"

#include <cerrno>
#include <csignal>
#include <initializer_list>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace oversub::external {

namespace {

[[noreturn]] void guard(pid_t conductor, pid_t group) {
    ::setpgid(0, 0);
    // SIGTERM blocked before it is asked for, so it waits in sigwait even if
    // the conductor dies between fork and prctl (then getppid has changed).
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    ::sigprocmask(SIG_SETMASK, &term, nullptr);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    // Holds nothing of the conductor's: not its event stream, not a pipe a
    // reader waits to see closed.
    if (const int devNull = ::open("/dev/null", O_RDWR); devNull >= 0) {
        for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) ::dup2(devNull, fd);
        if (devNull > STDERR_FILENO) ::close(devNull);
    }
    ::close_range(3, ~0u, 0);
    if (::getppid() == conductor) {
        int signal = 0;
        while (::sigwait(&term, &signal) != 0) {}
    }
    ::killpg(group, SIGKILL);
    ::_exit(0);
}

} // namespace

bool CommandGuard::start(pid_t group) {
    stop();
    const pid_t conductor = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) guard(conductor, group);
    if (pid < 0) return false;
    ::setpgid(pid, pid); // both sides, like every child of the conductor
    pid_ = pid;
    return true;
}

void CommandGuard::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    pid_t got;
    do got = ::waitpid(pid_, nullptr, 0);
    while (got < 0 && errno == EINTR);
    pid_ = -1;
}

} // namespace oversub::external
