// The conductor's loop skeleton (conductor/run_loop.h) with a scripted body
// instead of a real run: the order of its callbacks from run_started to
// teardown, the order within one poll round (ticker, sample, the body's own
// descriptors, afterPoll), a cancel that is pending before the start or
// arrives between two steps of it, the timeout, SIGCHLD, and an exception
// out of start. No process is spawned.

#include "conductor/cancellation.h"
#include "conductor/run_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

using namespace oversub;
using namespace oversub::conductor;
using testing::ElementsAre;

namespace {

struct Script {
    std::vector<std::string> calls;
};

class RecordingObserver final : public RunObserver {
public:
    explicit RecordingObserver(Script& script) : script_(script) {}
    void onRunStarted(const RunClock&) override { script_.calls.push_back("run_started"); }
    void onSample(const sampler::Snapshot&) override { script_.calls.push_back("observer sample"); }

private:
    Script& script_;
};

// Records every callback; what start() does and when the run is finished
// are the test's.
class ScriptedBody final : public RunBody {
public:
    explicit ScriptedBody(Script& script) : script_(script) {}

    std::function<void(RunLoop&)> onStart = [](RunLoop&) {};
    std::function<void(PollList&)> watches = [](PollList&) {};
    std::function<void(int tag)> ready = [](int) {};
    bool finishAfterPoll = false;
    bool done = false;

    bool finished() const override { return done; }
    void start(RunLoop& loop) override {
        script_.calls.push_back("start");
        onStart(loop);
    }
    void cancel(int signal) override {
        script_.calls.push_back("cancel " + std::to_string(signal));
        done = true;
    }
    void timeOut() override {
        script_.calls.push_back("timeout");
        done = true;
    }
    void failInternal(const std::string& what) override {
        script_.calls.push_back("internal " + what);
        done = true;
    }
    void onChildSignal() override {
        script_.calls.push_back("child");
        done = true;
    }
    void onTicker(int ticker) override { script_.calls.push_back("ticker " + std::to_string(ticker)); }
    void addWatches(PollList& list) override { watches(list); }
    void onReady(void*, int tag, short, short) override {
        script_.calls.push_back("ready " + std::to_string(tag));
        ready(tag);
    }
    void afterPoll() override {
        script_.calls.push_back("after poll");
        if (finishAfterPoll) done = true;
    }
    void onSampled(const sampler::Snapshot&) override { script_.calls.push_back("sampled"); }
    void teardown() override { script_.calls.push_back("teardown"); }

private:
    Script& script_;
};

// Long enough for a 1 ns timer to have expired (no assertion on time).
void sleepAMillisecond() {
    const timespec ms{0, 1'000'000};
    nanosleep(&ms, nullptr);
}

} // namespace

TEST(RunLoop, ARoundServesTickersThenTheSampleThenTheBodysDescriptorsThenAfterPoll) {
    Script script;
    RecordingObserver observer(script);
    ScriptedBody body(script);
    int pipeFds[2];
    ASSERT_EQ(::pipe(pipeFds), 0);
    ASSERT_EQ(::write(pipeFds[1], "x", 1), 1);
    body.onStart = [&](RunLoop& loop) {
        EXPECT_EQ(loop.addTicker(1e-9), 0);
        loop.startSampling(1e9); // a 1 ns period: due at the first round
        sleepAMillisecond();
    };
    body.watches = [&](PollList& list) { list.add(pipeFds[0], POLLIN, nullptr, 7); };
    body.finishAfterPoll = true;

    RunLoop loop(observer);
    loop.run(body, 0);
    ::close(pipeFds[0]);
    ::close(pipeFds[1]);

    EXPECT_THAT(script.calls, ElementsAre("run_started", "start", "ticker 0", "sampled", "observer sample", "ready 7",
                                          "after poll", "teardown"));
    EXPECT_EQ(loop.sampling().stats().has_value(), false); // one tick: nothing to measure yet
}

TEST(RunLoop, ACancelPendingBeforeTheRunReachesTheBodyAndNothingStarts) {
    Script script;
    RecordingObserver observer(script);
    ScriptedBody body(script);
    {
        CancellationScope scope;
        pthread_kill(pthread_self(), SIGTERM); // pending until the loop reads it
        RunLoop loop(observer);
        loop.run(body, 0);
        EXPECT_FALSE(takePendingCancelSignal().has_value()) << "the loop did not read the SIGTERM";
    }
    EXPECT_THAT(script.calls, ElementsAre("run_started", "cancel " + std::to_string(SIGTERM), "teardown"));
}

TEST(RunLoop, ACancelBetweenTwoStepsOfTheStartEndsTheRunBeforeAnyPoll) {
    Script script;
    RecordingObserver observer(script);
    ScriptedBody body(script);
    body.onStart = [&](RunLoop& loop) {
        pthread_kill(pthread_self(), SIGINT);
        loop.serviceBetweenSteps();
        script.calls.push_back(body.finished() ? "start stops" : "start goes on");
    };
    RunLoop loop(observer);
    loop.run(body, 0);
    EXPECT_THAT(script.calls,
                ElementsAre("run_started", "start", "cancel " + std::to_string(SIGINT), "start stops", "teardown"));
}

TEST(RunLoop, TheTimeoutEndsThePollLoop) {
    Script script;
    RecordingObserver observer(script);
    ScriptedBody body(script);
    RunLoop loop(observer);
    loop.run(body, 1e-9);
    EXPECT_THAT(script.calls, ElementsAre("run_started", "start", "timeout", "teardown"));
}

TEST(RunLoop, SigchldGoesToTheBody) {
    Script script;
    RecordingObserver observer(script);
    ScriptedBody body(script);
    // Thread-directed, as a real child's would reach the loop's signalfd
    // (a process-wide one could land on another thread of the test).
    body.onStart = [](RunLoop&) { pthread_kill(pthread_self(), SIGCHLD); };
    RunLoop loop(observer);
    loop.run(body, 0);
    EXPECT_THAT(script.calls, ElementsAre("run_started", "start", "child", "teardown"));
}

TEST(RunLoop, AnExceptionOutOfTheStartFailsTheRunAndTheTeardownStillComes) {
    Script script;
    RecordingObserver observer(script);
    ScriptedBody body(script);
    body.onStart = [](RunLoop&) { throw std::runtime_error("no memory"); };
    RunLoop loop(observer);
    loop.run(body, 0);
    EXPECT_THAT(script.calls, ElementsAre("run_started", "start", "internal no memory", "teardown"));
}

TEST(RunLoop, AFinalSampleNeedsASamplerAndIsTakenWhenThereIsOne) {
    Script script;
    RecordingObserver observer(script);
    ScriptedBody body(script);
    RunLoop loop(observer);
    loop.takeFinalSample(); // no sampler yet: nothing
    EXPECT_TRUE(script.calls.empty());
    loop.sampler();
    loop.takeFinalSample();
    EXPECT_THAT(script.calls, ElementsAre("observer sample"));
}
