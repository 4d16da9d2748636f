#pragma once
// The small pieces every poll loop of the conductor needs: a timerfd that
// fires once or periodically, and the signal mask a run holds while it
// reads SIGINT/SIGTERM/SIGCHLD through a signalfd (the owned descriptor, Fd,
// is util's).
// Used by the run loop (run_loop.h) and the runs on it.

#include "util/fd_io.h"

#include <stdexcept>
#include <string>

#include <signal.h>
#include <unistd.h>

namespace oversub::conductor {

// std::runtime_error "what: <errno text>".
std::runtime_error systemError(const std::string& what);

using oversub::Fd;

// A CLOCK_MONOTONIC timerfd (non-blocking, close-on-exec) that first fires
// after `firstSeconds`, then every `periodSeconds` (0: once).
Fd timerAfter(double firstSeconds, double periodSeconds);

// A signalfd reading conductorSignals() (non-blocking, close-on-exec).
Fd conductorSignalFd();

void setNonBlocking(int fd);

// "%.3g" seconds, for messages.
std::string formatSeconds(double seconds);

// Blocks the conductor's signals for the run, restores the mask after.
// SIGPIPE too: writing to the pipe of a child that just died must be an
// EPIPE the loop handles, not the conductor's death; it is consumed before
// the caller's mask comes back.
class SignalBlock {
public:
    SignalBlock();
    ~SignalBlock();
    SignalBlock(const SignalBlock&) = delete;
    SignalBlock& operator=(const SignalBlock&) = delete;

private:
    sigset_t previous_;
};

} // namespace oversub::conductor
