#include "conductor/cancellation.h"

#include <pthread.h>

namespace oversub::conductor {

sigset_t conductorSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGCHLD);
    return set;
}

CancellationScope::CancellationScope() {
    const sigset_t set = conductorSignals();
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
}

CancellationScope::~CancellationScope() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

std::optional<int> takePendingCancelSignal() {
    sigset_t cancel;
    sigemptyset(&cancel);
    sigaddset(&cancel, SIGINT);
    sigaddset(&cancel, SIGTERM);
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGINT) != 1 && sigismember(&pending, SIGTERM) != 1) return std::nullopt;
    const timespec zero{0, 0};
    const int signal = sigtimedwait(&cancel, nullptr, &zero);
    if (signal > 0) return signal;
    return std::nullopt;
}

} // namespace oversub::conductor
