#pragma once
// SIGINT and SIGTERM cancel a run cleanly instead of killing the conductor
// (which would leave shared-memory segments behind). The conductor reads them
// through a signalfd in its poll loop; for that they must be blocked in the
// calling thread. runExperiment blocks them itself for the run's duration; a
// command that performs several runs holds a CancellationScope for its whole
// length, so a signal arriving between two runs stays pending and cancels the
// next run at its start (the run then reports status cancelled).

#include <csignal>
#include <optional>

namespace oversub::conductor {

// The signals the conductor's signalfd reads: SIGINT, SIGTERM, SIGCHLD.
sigset_t conductorSignals();

class CancellationScope {
public:
    CancellationScope(); // blocks conductorSignals() in this thread
    ~CancellationScope(); // restores the previous mask
    CancellationScope(const CancellationScope&) = delete;
    CancellationScope& operator=(const CancellationScope&) = delete;

private:
    sigset_t previous_;
};

// Consumes a pending SIGINT or SIGTERM (blocked, not yet read by a run) and
// returns its number; nullopt when none is pending.
std::optional<int> takePendingCancelSignal();

} // namespace oversub::conductor
