#pragma once
// `oversub-cli watch` without its command line: samples every CPU and, given
// a pid, every thread of that process and of all its descendants, including
// those it starts later (looked for every kTreeRescanSeconds,
// descendant_finder.h), and sends one sample event a tick to a sink. The
// first tick only primes the counters (sampler/sampler.h) and is not sent.
//
// It runs until the tree has exited, the duration ends, SIGINT or SIGTERM
// arrives (read through the conductor's signalfd), requestStop() is called,
// or the sink's reader has gone (emit returned false, or its hangup
// descriptor reports POLLERR/POLLHUP while the watch waits for a tick);
// nothing is sent after that. With a pid, each sample carries the
// oversubscription gauge's reading (analysis/oversubscription_gauge.h) of
// the tree's threads against the union of its live processes' allowed PUs as
// last read (at every rescan), and those PUs are checked at the end
// (attached_tree.h); with `findings` a watch_done event carrying the check
// is the last one sent. Watching the machine alone, samples have no gauge.

#include "analysis/oversubscription_gauge.h"
#include "events/event.h"
#include "knobs/knob_limits.h"
#include "sampler/sampler.h"
#include "util/fd_io.h"
#include "watch/attached_tree.h"
#include "watch/descendant_finder.h"

#include <optional>
#include <string>
#include <vector>

namespace oversub::watch {

using oversub::kMaxRateHz; // knobs/knob_limits.h: the same limits as a run's rate
using oversub::kMinRateHz;
// How often the tree is searched for new processes and its allowed PUs read.
inline constexpr double kTreeRescanSeconds = 0.5;

struct WatchOptions {
    double rateHz = 10;
    double durationSeconds = 0; // 0: until stopped
    int pid = 0; // 0: no process, the CPUs only
    bool findings = false; // end with a watch_done event (needs a pid)
    std::string node; // every sample carries it (watch --job); "" = none
    DescendantSource descendants = DescendantSource::Auto;
};

// Throws InputError naming the flag (--rate, --duration, --pid, --findings, --node),
// the value and what is allowed.
void validateWatchOptions(const WatchOptions& options);

// Where a watch's events go, in order, on the watching thread.
class WatchSink {
public:
    virtual ~WatchSink();
    // False once the reader has gone (EPIPE): the watch ends and sends
    // nothing more.
    virtual bool emit(const events::Event& event) = 0;
    // A descriptor that reports POLLERR or POLLHUP once the reader has gone
    // (a pipe's write end), so an idle watch notices between ticks; -1: none.
    virtual int hangupFd() const { return -1; }
};

enum class WatchEnd {
    TreeExited, // the process and all its descendants have exited
    DurationReached,
    Cancelled, // SIGINT or SIGTERM
    StopRequested, // requestStop()
    ReaderClosed,
};

struct WatchResult {
    WatchEnd end = WatchEnd::DurationReached;
    double tSeconds = 0; // how long it watched
    std::string message; // one line for the user when the end needs saying, else ""
    // With a pid: the affinity check's finding, or why it could not run.
    std::optional<analysis::Finding> finding;
    std::string affinityNotChecked;
};

class Watch {
public:
    // Validates the options and starts following the process (InputError
    // naming --pid when it is not running).
    explicit Watch(const WatchOptions& options);
    ~Watch();
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

    // Watches until one of the ends above. Blocks SIGINT, SIGTERM, SIGCHLD
    // and SIGPIPE in the calling thread meanwhile (conductor::SignalBlock):
    // SIGINT/SIGTERM sent to the thread, or to a process whose other threads
    // block them too, cancel it; hold the block from earlier (a command's
    // hello line) so a signal arriving before run() stays pending for it.
    WatchResult run(WatchSink& sink);

    // Ends run() before its next tick (or at once if it has not started).
    // From any thread or a signal handler.
    void requestStop();

    // The descendant search in use (tests look at what it read).
    const DescendantFinder& descendants() const { return finder_; }

private:
    WatchEnd loop(WatchSink& sink, int signalFd, int64_t startNs);
    void followTree();
    // Waits until `untilNs` on the epoll set of the signalfd, the stop
    // eventfd and the sink's hangup descriptor (waitSet() in watch.cpp); an
    // end when something ended the watch meanwhile.
    std::optional<WatchEnd> waitUntil(int64_t untilNs, int waitSetFd, int signalFd);

    WatchOptions options_;
    sampler::Sampler sampler_;
    DescendantFinder finder_;
    AttachedTree tree_;
    analysis::OversubscriptionGauge gauge_{0}; // no PUs known: no reading sent
    std::vector<int> watched_;
    Fd stop_; // eventfd: requestStop() makes it readable
};

} // namespace oversub::watch
