#include "conductor/poll_fds.h"

#include "conductor/cancellation.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

namespace oversub::conductor {

std::runtime_error systemError(const std::string& what) {
    return std::runtime_error(what + ": " + std::strerror(errno));
}

Fd timerAfter(double firstSeconds, double periodSeconds) {
    Fd fd(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    if (!fd) throw systemError("timerfd_create");
    auto toSpec = [](double s) {
        timespec ts{};
        ts.tv_sec = static_cast<time_t>(s);
        ts.tv_nsec = static_cast<long>((s - static_cast<double>(ts.tv_sec)) * 1e9);
        if (ts.tv_sec == 0 && ts.tv_nsec == 0) ts.tv_nsec = 1;
        return ts;
    };
    itimerspec spec{};
    spec.it_value = toSpec(firstSeconds);
    if (periodSeconds > 0) spec.it_interval = toSpec(periodSeconds);
    ::timerfd_settime(fd.get(), 0, &spec, nullptr);
    return fd;
}

Fd conductorSignalFd() {
    const sigset_t signals = conductorSignals();
    Fd fd(::signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC));
    if (!fd) throw systemError("signalfd");
    return fd;
}

void setNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string formatSeconds(double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", seconds);
    return text;
}

SignalBlock::SignalBlock() {
    sigset_t set = conductorSignals();
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
}

SignalBlock::~SignalBlock() {
    sigset_t pipeOnly;
    sigemptyset(&pipeOnly);
    sigaddset(&pipeOnly, SIGPIPE);
    const timespec zero{0, 0};
    while (sigtimedwait(&pipeOnly, nullptr, &zero) == SIGPIPE) {}
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

} // namespace oversub::conductor
