#include "watch/watch.h"

#include "conductor/poll_fds.h"
#include "sampler/process_namer.h"
#include "util/input_error.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <sstream>

namespace oversub::watch {
namespace {

std::string numberText(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

// What each descriptor of the wait set stands for (its epoll data).
enum WaitSource : uint64_t { kSignals, kStop, kHangup };

// The descriptors a watch waits on between ticks, registered once: an
// epoll_wait per tick costs less than a poll() that registers and removes
// its three waits every time (~55 vs ~75 us of CPU per wait on the 2-vCPU
// box). A pipe's write end with no events asked still reports EPOLLERR once
// its reader has gone; a regular file or a device without poll support
// cannot be added (EPERM), and poll() never reported a hangup for those.
Fd waitSet(int signalFd, int stopFd, int hangupFd) {
    Fd set(::epoll_create1(EPOLL_CLOEXEC));
    if (!set) throw conductor::systemError("watch: epoll_create1");
    const auto add = [&](int fd, uint32_t events, WaitSource source) {
        epoll_event event{};
        event.events = events;
        event.data.u64 = source;
        return ::epoll_ctl(set.get(), EPOLL_CTL_ADD, fd, &event) == 0;
    };
    if (!add(signalFd, EPOLLIN, kSignals) || !add(stopFd, EPOLLIN, kStop))
        throw conductor::systemError("watch: epoll_ctl");
    if (hangupFd >= 0 && !add(hangupFd, 0, kHangup) && errno != EPERM) throw conductor::systemError("watch: epoll_ctl");
    return set;
}

// Reads every signal the signalfd holds; true when one was SIGINT or
// SIGTERM (SIGCHLD, also in its set, is consumed and means nothing here).
bool cancelSignalRead(int signalFd) {
    bool cancel = false;
    signalfd_siginfo info{};
    while (::read(signalFd, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
        cancel = cancel || info.ssi_signo == SIGINT || info.ssi_signo == SIGTERM;
    return cancel;
}

} // namespace

void validateWatchOptions(const WatchOptions& options) {
    if (!(options.rateHz >= kMinRateHz && options.rateHz <= kMaxRateHz))
        throw InputError("--rate", numberText(options.rateHz),
                         numberText(kMinRateHz) + " to " + numberText(kMaxRateHz) + " samples per second");
    if (!(options.durationSeconds >= 0) || !std::isfinite(options.durationSeconds))
        throw InputError("--duration", numberText(options.durationSeconds), "seconds >= 0 (0: until stopped)");
    if (options.pid < 0) throw InputError("--pid", std::to_string(options.pid), "the id of a running process");
    if (options.findings && options.pid == 0)
        throw InputError("--findings", "without --pid", "--findings together with --pid PID");
    if (!options.node.empty() && !events::isNodeName(options.node))
        throw InputError("--node", options.node, "a node name of 1 to 64 letters, digits, '.', '_' or '-'");
}

WatchSink::~WatchSink() = default;

Watch::Watch(const WatchOptions& options) : options_(options), finder_(options.descendants) {
    validateWatchOptions(options_);
    if (options_.pid > 0) {
        if (!sampler_.watchProcess(options_.pid, -1))
            throw InputError("--pid", std::to_string(options_.pid), "the id of a running process");
        watched_.push_back(options_.pid);
    }
    stop_ = Fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!stop_) throw conductor::systemError("watch: eventfd");
}

Watch::~Watch() = default;

void Watch::requestStop() {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(stop_.get(), &one, sizeof one);
}

WatchResult Watch::run(WatchSink& sink) {
    const conductor::SignalBlock block;
    const Fd signals = conductor::conductorSignalFd();
    const int64_t startNs = sampler::monotonicNowNs();
    WatchResult result;
    result.end = loop(sink, signals.get(), startNs);
    result.tSeconds = static_cast<double>(sampler::monotonicNowNs() - startNs) / 1e9;
    if (result.end == WatchEnd::TreeExited)
        result.message = "process " + std::to_string(options_.pid) + " and its descendants have exited";
    if (options_.pid > 0) {
        TreeReport report = reportTree(tree_, options_.pid, result.tSeconds);
        result.finding = report.finding;
        result.affinityNotChecked = report.notChecked;
        // A reader that has gone gets nothing more; one that goes now is
        // the same clean end.
        if (options_.findings && report.notChecked.empty() && result.end != WatchEnd::ReaderClosed &&
            !sink.emit(events::Event(std::move(report.done))))
            result.end = WatchEnd::ReaderClosed;
    }
    return result;
}

void Watch::followTree() {
    for (int pid : finder_.newDescendants(watched_, sampler_.last().threads))
        if (sampler_.watchProcess(pid, -1)) watched_.push_back(pid);
    for (int pid : watched_) tree_.readAffinity(pid);
    gauge_.setAllowedPus(tree_.allowedPus(watched_).count());
}

WatchEnd Watch::loop(WatchSink& sink, int signalFd, int64_t startNs) {
    const int64_t periodNs = static_cast<int64_t>(1e9 / options_.rateHz);
    sampler_.setStartMonotonicNs(startNs);
    const int64_t endNs =
        options_.durationSeconds > 0 ? startNs + static_cast<int64_t>(options_.durationSeconds * 1e9) : 0;
    const int64_t rescanNs = static_cast<int64_t>(kTreeRescanSeconds * 1e9);
    const Fd waits = waitSet(signalFd, stop_.get(), sink.hangupFd());
    int64_t nextTreeScanNs = startNs;
    int64_t nextTickNs = startNs;
    bool first = true;
    events::Sample sample;
    sample.run = -1;
    sample.node = options_.node;
    sampler::ProcessNamer namer;

    for (;;) {
        const int64_t now = sampler::monotonicNowNs();
        if (options_.pid > 0 && now >= nextTreeScanNs) {
            followTree();
            nextTreeScanNs = now + rescanNs;
        }
        const sampler::Snapshot& snapshot = sampler_.sample();
        // Every tick of a tree feeds the gauge, the priming one too: switch
        // rates need the previous tick.
        std::optional<analysis::GaugeReading> reading;
        if (options_.pid > 0) reading = gauge_.update(snapshot);
        if (!first) {
            tree_.countRunnable(snapshot);
            sample.snapshot = snapshot;
            namer.nameNew(snapshot, sample.newProcesses);
            sample.gauge = gauge_.allowedPus() > 0 ? reading : std::nullopt;
            // Moved in and out of the event: no copy of the threads a tick.
            events::Event event(std::move(sample));
            const bool written = sink.emit(event);
            sample = std::move(std::get<events::Sample>(event));
            if (!written) return WatchEnd::ReaderClosed;
        }
        first = false;
        if (options_.pid > 0) {
            watched_ = sampler_.watchedPids();
            if (watched_.empty()) return WatchEnd::TreeExited;
        }
        if (endNs > 0 && now >= endNs) return WatchEnd::DurationReached;

        // Next tick on a fixed grid; after a stall (stopped, overloaded) start again from now.
        nextTickNs += periodNs;
        const int64_t afterSample = sampler::monotonicNowNs();
        if (nextTickNs <= afterSample) nextTickNs = afterSample + periodNs;
        if (endNs > 0 && nextTickNs > endNs) nextTickNs = std::max(endNs, afterSample);
        if (const auto end = waitUntil(nextTickNs, waits.get(), signalFd)) return *end;
    }
}

std::optional<WatchEnd> Watch::waitUntil(int64_t untilNs, int waitSetFd, int signalFd) {
    for (;;) {
        const int64_t left = untilNs - sampler::monotonicNowNs();
        if (left <= 0) return std::nullopt;
        epoll_event events[3];
        const int timeoutMs = static_cast<int>((left + 999'999) / 1'000'000);
        const int ready = ::epoll_wait(waitSetFd, events, 3, timeoutMs);
        if (ready < 0 && errno != EINTR) throw conductor::systemError("watch: epoll_wait");
        if (ready <= 0) continue;
        uint32_t happened[3] = {0, 0, 0}; // by WaitSource, so the order of the checks stays fixed
        for (int i = 0; i < ready; ++i) happened[events[i].data.u64] |= events[i].events;
        if ((happened[kSignals] & EPOLLIN) && cancelSignalRead(signalFd)) return WatchEnd::Cancelled;
        if (happened[kStop] & EPOLLIN) return WatchEnd::StopRequested;
        if (happened[kHangup] & (EPOLLERR | EPOLLHUP)) return WatchEnd::ReaderClosed;
    }
}

} // namespace oversub::watch
