#include "conductor/run_loop.h"

#include "sampler/sampler.h"

#include <cerrno>
#include <exception>

#include <sys/signalfd.h>
#include <unistd.h>

namespace oversub::conductor {

namespace {

// Loop-owned descriptors in a round are told apart from the body's by tag.
enum LoopTag : int { kSignals = -1, kSample = -2, kTimeout = -3, kTicker = -4 };

bool readExpirations(const Fd& timer) {
    uint64_t expirations = 0;
    return timer && ::read(timer.get(), &expirations, sizeof expirations) > 0;
}

} // namespace

void PollList::add(int fd, short events, void* owner, int tag) {
    fds_.push_back({fd, events, 0});
    entries_.push_back({owner, tag});
}

RunLoop::RunLoop(RunObserver& observer) : observer_(observer) {}
RunLoop::~RunLoop() = default;

void RunLoop::run(RunBody& body, double timeoutSeconds) {
    SignalBlock block;
    body_ = &body;
    signals_ = conductorSignalFd();
    observer_.onRunStarted(clock_);
    if (timeoutSeconds > 0) timeoutTimer_ = timerAfter(timeoutSeconds, 0);

    handleSignals(); // a cancel that arrived before the run starts nothing
    try {
        if (!body.finished()) body.start(*this);
        poll();
    } catch (const std::exception& error) {
        // A failure of the conductor itself (a malformed frame, no memory, an
        // event sink that cannot write): the run fails, and is torn down.
        body.failInternal(error.what());
    }
    body.teardown();
    body_ = nullptr;
}

sampler::Sampler& RunLoop::sampler() {
    if (!sampler_) {
        sampler_ = std::make_unique<sampler::Sampler>();
        sampler_->setStartMonotonicNs(clock_.startNs());
    }
    return *sampler_;
}

void RunLoop::startSampling(double rateHz) {
    // Primes the counters now, unemitted: the first tick then covers the
    // run since this moment instead of coming out with a zero interval and
    // every share 0 (a 0 % dip at the start of every run).
    sampler().sample();
    if (rateHz > 0) sampleTimer_ = timerAfter(1.0 / rateHz, 1.0 / rateHz);
    sampling_.setRequestedHz(rateHz);
}

int RunLoop::addTicker(double periodSeconds) {
    tickers_.push_back(timerAfter(periodSeconds, periodSeconds));
    return static_cast<int>(tickers_.size()) - 1;
}

void RunLoop::takeSample() {
    const sampler::Snapshot& snapshot = sampler().sample();
    sampling_.tick(clock_.now());
    if (body_) body_->onSampled(snapshot);
    observer_.onSample(snapshot);
}

void RunLoop::takeFinalSample() {
    if (!sampler_) return;
    try {
        takeSample(); // what the survivors did, before they are killed
    } catch (const std::exception&) {
        // The teardown goes on whatever the sink says.
    }
}

void RunLoop::serviceBetweenSteps() {
    handleSignals();
    checkTimeout();
    if (!body_->finished()) sampleIfDue();
}

void RunLoop::sampleIfDue() {
    if (readExpirations(sampleTimer_)) takeSample();
}

void RunLoop::checkTimeout() {
    if (!readExpirations(timeoutTimer_)) return;
    if (!body_->finished()) body_->timeOut();
}

void RunLoop::handleSignals() {
    signalfd_siginfo info{};
    bool child = false;
    while (::read(signals_.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        if (info.ssi_signo == SIGCHLD) child = true;
        else if (!body_->finished()) body_->cancel(static_cast<int>(info.ssi_signo));
    }
    if (child) body_->onChildSignal();
}

void RunLoop::poll() {
    RunBody& body = *body_;
    PollList list;
    while (!body.finished() && body.keepPolling()) {
        list.fds_.clear();
        list.entries_.clear();
        list.add(signals_.get(), POLLIN, nullptr, kSignals);
        for (size_t i = 0; i < tickers_.size(); ++i)
            list.add(tickers_[i].get(), POLLIN, nullptr, kTicker - static_cast<int>(i));
        if (sampleTimer_) list.add(sampleTimer_.get(), POLLIN, nullptr, kSample);
        if (timeoutTimer_) list.add(timeoutTimer_.get(), POLLIN, nullptr, kTimeout);
        const size_t own = list.fds_.size();
        body.addWatches(list);
        if (::poll(list.fds_.data(), list.fds_.size(), -1) < 0) {
            if (errno == EINTR) continue;
            throw systemError("poll");
        }
        for (size_t i = 0; i < list.fds_.size() && !body.finished(); ++i) {
            const pollfd& p = list.fds_[i];
            if (p.revents == 0) continue;
            const int tag = list.entries_[i].tag;
            if (i >= own) body.onReady(list.entries_[i].owner, tag, p.events, p.revents);
            else if (tag == kSignals) handleSignals();
            else if (tag == kSample) sampleIfDue();
            else if (tag == kTimeout) checkTimeout();
            else if (readExpirations(tickers_.at(static_cast<size_t>(kTicker - tag)))) body.onTicker(kTicker - tag);
        }
        if (!body.finished()) body.afterPoll();
    }
}

} // namespace oversub::conductor
