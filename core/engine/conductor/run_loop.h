#pragma once
// The skeleton every run of the conductor shares, built-in workers and an
// external command alike: SIGINT/SIGTERM/SIGCHLD blocked and read through a
// signalfd, the timeout on a timerfd, sampling ticks on another, one poll
// loop over those and the run's own descriptors, a conductor failure caught
// and turned into the run's failure, and the teardown always reached. What a
// run does with its processes (spawning, pipes, the process tree, teardown)
// is its RunBody's; the loop calls back into it.
//
// Order of calls in RunLoop::run:
//   observer.onRunStarted; a cancel already pending -> body.cancel (then no
//   start); body.start; the poll loop while !body.finished() and
//   body.keepPolling(); body.teardown. In one poll round the ready
//   descriptors are served in this order: signals (body.cancel or
//   body.onChildSignal), tickers (body.onTicker), the sample tick, the
//   timeout (body.timeOut), then the body's own (body.onReady), and
//   body.afterPoll once the round is over. A run that is finished() gets no
//   further callbacks but teardown.

#include "conductor/poll_fds.h"
#include "conductor/run_clock.h"
#include "conductor/run_report.h"
#include "conductor/sampling_tally.h"
#include "events/samples.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <poll.h>

namespace oversub::sampler {
class Sampler;
}

namespace oversub::conductor {

// What a run tells the outside while it goes (events, progress).
class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void onRunStarted(const RunClock&) {}
    virtual void onWorkerReady(const WorkerReport&) {}
    virtual void onTaskDone(const TaskReport&, int64_t tasksDone, int64_t tasks) { (void)tasksDone, (void)tasks; }
    virtual void onSample(const sampler::Snapshot&) {}
};

// The descriptors a body wants polled in one round, each with what it
// means to the body (`owner`, `tag` are handed back in onReady).
class PollList {
public:
    void add(int fd, short events, void* owner = nullptr, int tag = 0);

private:
    friend class RunLoop;
    struct Entry {
        void* owner;
        int tag;
    };
    std::vector<pollfd> fds_;
    std::vector<Entry> entries_;
};

class RunLoop;

class RunBody {
public:
    virtual ~RunBody() = default;
    // The run is over (failed, cancelled, or done by the body's measure).
    virtual bool finished() const = 0;
    // False once nothing is left to poll for (e.g. every worker reaped).
    virtual bool keepPolling() const { return true; }
    // Starts the run's processes. Long steps call loop.serviceBetweenSteps().
    virtual void start(RunLoop& loop) = 0;
    // SIGINT or SIGTERM arrived (not called once finished()).
    virtual void cancel(int signal) = 0;
    // The timeout expired (not called once finished()).
    virtual void timeOut() = 0;
    // The conductor itself failed (an exception out of start or the loop).
    virtual void failInternal(const std::string& what) = 0;
    // SIGCHLD arrived: some child changed state.
    virtual void onChildSignal() = 0;
    // A ticker of addTicker() fired.
    virtual void onTicker(int ticker) { (void)ticker; }
    // The body's descriptors for the next poll round.
    virtual void addWatches(PollList& list) { (void)list; }
    // One of them is ready.
    virtual void onReady(void* owner, int tag, short events, short revents) {
        (void)owner, (void)tag, (void)events, (void)revents;
    }
    // A poll round was served (and the run is not finished()).
    virtual void afterPoll() {}
    // A sample was taken, before the observer sees it.
    virtual void onSampled(const sampler::Snapshot& snapshot) { (void)snapshot; }
    // Always called last, whatever happened.
    virtual void teardown() = 0;
};

class RunLoop {
public:
    explicit RunLoop(RunObserver& observer);
    ~RunLoop();
    RunLoop(const RunLoop&) = delete;
    RunLoop& operator=(const RunLoop&) = delete;

    // Runs `body` (see the order above); blocks the conductor's signals for
    // its duration and restores the caller's mask before returning.
    // `timeoutSeconds` 0: no limit.
    void run(RunBody& body, double timeoutSeconds);

    const RunClock& clock() const { return clock_; }
    RunObserver& observer() { return observer_; }

    // The run's sampler, created on first use (its times count from the
    // run's start).
    sampler::Sampler& sampler();
    // Sample ticks from now on at `rateHz` (none when 0), counted for
    // run_done's sampling figures. Primes the sampler at once, so no
    // emitted sample has a zero interval.
    void startSampling(double rateHz);
    // A periodic timer served before the sample tick: body.onTicker(index).
    int addTicker(double periodSeconds);
    // Samples now: the tally, body.onSampled, observer.onSample.
    void takeSample();
    // takeSample for a run that ends badly: a failure is swallowed (the
    // teardown goes on whatever the sink says); nothing without a sampler.
    void takeFinalSample();
    const SamplingTally& sampling() const { return sampling_; }

    // Between the long steps of start(): signals, the timeout and a due
    // sample tick, so a cancel ends a long start within one step.
    void serviceBetweenSteps();

private:
    void poll();
    void handleSignals();
    void checkTimeout();
    void sampleIfDue();

    RunObserver& observer_;
    RunBody* body_ = nullptr;
    RunClock clock_;
    Fd signals_, sampleTimer_, timeoutTimer_;
    std::vector<Fd> tickers_;
    std::unique_ptr<sampler::Sampler> sampler_;
    SamplingTally sampling_;
};

} // namespace oversub::conductor
