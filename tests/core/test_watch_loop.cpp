// The watch loop (watch/watch.h) on real process trees: a tree that grows
// after attaching (processes, their threads, a child forked by a second
// thread) is found whole, with the children files and with the /proc scan;
// a grandchild whose parent exited stays watched and its own children are
// found; an exiting tree ends the loop; SIGINT/SIGTERM (pending before run
// or arriving during it), requestStop() and a reader that went away end it
// with nothing sent afterwards, and a sink that cannot hang up (a regular
// file, /dev/null) does not; --findings ends with watch_done; a tree's
// samples carry the gauge against the tree's own allowed PUs, the machine's
// alone none.
//
// Signals go to this thread (raise), not to the process: the test binary's
// OpenBLAS pool threads do not block them.

#include "watch/watch.h"

#include "conductor/poll_fds.h"
#include "events/event_watch.h"
#include "machine/affinity.h"
#include "util/fd_io.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <functional>
#include <future>
#include <ostream>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace oversub::watch {
// Test names in ctest's list read "ChildrenFiles", not a byte dump.
void PrintTo(DescendantSource source, std::ostream* out) {
    *out << (source == DescendantSource::ProcScan ? "ProcScan" : "ChildrenFiles");
}
} // namespace oversub::watch

namespace events = oversub::events;
using oversub::Fd;
using oversub::watch::DescendantSource;
using oversub::watch::Watch;
using oversub::watch::WatchEnd;
using oversub::watch::WatchOptions;
using oversub::watch::WatchResult;
using oversub::watch::WatchSink;

namespace {

// Generous: ends a test that went wrong instead of hanging it. Every test
// stops its watch itself long before.
constexpr double kSafetySeconds = 60;

struct Pipe {
    Fd read, write;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
        read = Fd(fds[0]);
        write = Fd(fds[1]);
    }
};

// Blocks until the pipe's writers have all closed it (or a byte arrives).
void waitOn(const Pipe& pipe) {
    char c;
    while (::read(pipe.read.get(), &c, 1) > 0) {}
}
void waitForByte(const Pipe& pipe) {
    char c;
    while (::read(pipe.read.get(), &c, 1) < 0 && errno == EINTR) {}
}
void sendByte(const Pipe& pipe) {
    const char c = 1;
    if (!oversub::writeAll(pipe.write.get(), &c, 1)) throw std::runtime_error("write");
}

int currentTid() { return static_cast<int>(::syscall(SYS_gettid)); }

// Reports (pid, tid) of the calling thread on `pipe`.
void reportSelf(const Pipe& pipe) {
    const int ids[2] = {::getpid(), currentTid()};
    if (!oversub::writeAll(pipe.write.get(), ids, sizeof ids)) ::_exit(3);
}

// Reports `pid` in the role `role` (a number the test gives it) on `pipe`.
void reportRole(const Pipe& pipe, int role, int pid) {
    const int ids[2] = {-role, pid};
    if (!oversub::writeAll(pipe.write.get(), ids, sizeof ids)) ::_exit(3);
}

// Forks a child running `body`, after closing `closeInChild` (the test's
// write ends, so the child sees EOF when the test closes its copy).
pid_t forkRunning(const std::function<void()>& body, std::initializer_list<int> closeInChild) {
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork");
    if (pid == 0) {
        for (int fd : closeInChild) ::close(fd);
        body();
        ::_exit(0);
    }
    return pid;
}

// What a test's watch sent: every event, and a hook called on each sample.
class RecordingSink final : public WatchSink {
public:
    std::function<void(const events::Sample&)> onSample;
    int failFromEmit = 0; // 1-based: this emit and every later one returns false
    int hangup = -1;
    std::vector<events::Event> events;
    int emitsAfterFailure = 0;

    bool emit(const events::Event& event) override {
        if (failed_) ++emitsAfterFailure;
        events.push_back(event);
        if (failFromEmit > 0 && static_cast<int>(events.size()) >= failFromEmit) failed_ = true;
        if (failed_) return false;
        if (const auto* sample = std::get_if<events::Sample>(&event); sample && onSample) onSample(*sample);
        return true;
    }
    int hangupFd() const override { return hangup; }

    int samples() const {
        int n = 0;
        for (const auto& e : events) n += std::holds_alternative<events::Sample>(e) ? 1 : 0;
        return n;
    }

private:
    bool failed_ = false;
};

WatchOptions options(int pid, DescendantSource source = DescendantSource::Auto) {
    WatchOptions o;
    o.rateHz = 20;
    o.durationSeconds = kSafetySeconds;
    o.pid = pid;
    o.descendants = source;
    return o;
}

// (pid, tid) pairs read so far from a report pipe (non-blocking).
class Reports {
public:
    explicit Reports(const Pipe& pipe) : fd_(pipe.read.get()) { ::fcntl(fd_, F_SETFL, O_NONBLOCK); }
    const std::set<std::pair<int, int>>& poll() {
        int ids[2];
        while (::read(fd_, ids, sizeof ids) == static_cast<ssize_t>(sizeof ids)) all_.insert({ids[0], ids[1]});
        return all_;
    }
    bool has(int pid) {
        for (const auto& [p, t] : poll())
            if (p == pid) return true;
        return false;
    }
    int role(int r) { // the pid reported in role r, 0 until then
        for (const auto& [p, t] : poll())
            if (p == -r) return t;
        return 0;
    }

private:
    int fd_;
    std::set<std::pair<int, int>> all_;
};

std::set<std::pair<int, int>> sampledThreads(const RecordingSink& sink) {
    std::set<std::pair<int, int>> seen;
    for (const auto& e : sink.events)
        if (const auto* s = std::get_if<events::Sample>(&e))
            for (const auto& t : s->snapshot.threads) seen.insert({t.pid, t.tid});
    return seen;
}

class WatchTree : public testing::TestWithParam<DescendantSource> {};

} // namespace

// R waits for the watch to start, then forks A and B; A starts three
// threads, and the second of them forks G. Every process and thread must
// show in the samples.
TEST_P(WatchTree, ATreeThatGrowsAfterAttachingIsFoundWithItsThreads) {
    Pipe hold, go, report;
    const int testEnds[] = {hold.write.get(), go.write.get()};
    const pid_t root = forkRunning(
        [&] {
        waitForByte(go);
        const pid_t a = forkRunning(
            [&] {
            std::vector<std::thread> threads;
            for (int i = 0; i < 3; ++i)
                threads.emplace_back([&, i] {
                    reportSelf(report);
                    pid_t g = 0;
                    if (i == 1)
                        g = forkRunning(
                            [&] {
                            reportSelf(report);
                            waitOn(hold);
                            },
                            {});
                    waitOn(hold);
                    if (g > 0) ::waitpid(g, nullptr, 0);
                });
            reportSelf(report);
            waitOn(hold);
            for (auto& t : threads) t.join();
            },
            {});
        const pid_t b = forkRunning(
            [&] {
            reportSelf(report);
            waitOn(hold);
            },
            {});
        waitOn(hold);
        ::waitpid(a, nullptr, 0);
        ::waitpid(b, nullptr, 0);
        },
        {testEnds[0], testEnds[1]});
    constexpr size_t kExpected = 1 + 4 + 1 + 1; // A's four threads, G, B, and R itself
    Reports reports(report);

    Watch watch(options(root, GetParam()));
    RecordingSink sink;
    std::set<std::pair<int, int>> sampled;
    sink.onSample = [&](const events::Sample& s) {
        if (sink.samples() == 1) sendByte(go);
        for (const auto& t : s.snapshot.threads) sampled.insert({t.pid, t.tid});
        std::set<std::pair<int, int>> expected = reports.poll();
        expected.insert({root, root});
        if (expected.size() < kExpected) return;
        if (std::includes(sampled.begin(), sampled.end(), expected.begin(), expected.end())) watch.requestStop();
    };
    const WatchResult result = watch.run(sink);
    hold.write.reset();
    go.write.reset();
    ::waitpid(root, nullptr, 0);

    EXPECT_EQ(result.end, WatchEnd::StopRequested) << "not every process and thread was found";
    std::set<std::pair<int, int>> expected = reports.poll();
    expected.insert({root, root});
    for (const auto& [pid, tid] : expected)
        EXPECT_TRUE(sampled.count({pid, tid})) << "pid " << pid << " tid " << tid << " never sampled";
    EXPECT_EQ(expected.size(), kExpected);
    for (const auto& [pid, tid] : sampledThreads(sink)) EXPECT_TRUE(expected.count({pid, tid})) << pid << "/" << tid;
    EXPECT_EQ(watch.descendants().usesChildrenFiles(), GetParam() != DescendantSource::ProcScan);
    EXPECT_EQ(watch.descendants().scansInstead(), 0u);
}

INSTANTIATE_TEST_SUITE_P(BothSources, WatchTree,
                         testing::Values(DescendantSource::ChildrenFiles, DescendantSource::ProcScan),
                         [](const auto& source) {
    return source.param == DescendantSource::ProcScan ? std::string("ProcScan") : std::string("ChildrenFiles");
});

// R forks C, C forks G; C exits (G is re-parented, here to this test
// process, outside the watched tree); G then forks GG, which must be found.
TEST(WatchLoop, AGrandchildWhoseParentExitedStaysWatchedAndItsChildrenAreFound) {
    ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0); // orphans come here and are reaped here
    Pipe hold, cExit, gFork, report;
    enum Role { C = 1, G, GG };
    const pid_t root = forkRunning(
        [&] {
        const pid_t c = forkRunning(
            [&] {
            reportRole(report, C, ::getpid());
            forkRunning(
                [&] {
                reportRole(report, G, ::getpid());
                waitForByte(gFork);
                const pid_t gg = forkRunning([&] { waitOn(hold); }, {});
                reportRole(report, GG, gg);
                waitOn(hold);
                ::waitpid(gg, nullptr, 0);
                },
                {});
            waitForByte(cExit); // then exits, leaving G
            },
            {});
        ::waitpid(c, nullptr, 0);
        waitOn(hold);
        },
        {hold.write.get(), cExit.write.get(), gFork.write.get()});
    Reports reports(report);

    Watch watch(options(root));
    RecordingSink sink;
    int c = 0, g = 0, gg = 0;
    int step = 0;
    sink.onSample = [&](const events::Sample& s) {
        std::set<int> pids;
        for (const auto& t : s.snapshot.threads) pids.insert(t.pid);
        c = c ? c : reports.role(C);
        g = g ? g : reports.role(G);
        gg = gg ? gg : reports.role(GG);
        if (step == 0 && c && g && pids.count(c) && pids.count(g)) {
            sendByte(cExit);
            step = 1;
        } else if (step == 1 && !pids.count(c) && pids.count(g)) {
            sendByte(gFork);
            step = 2;
        } else if (step == 2 && gg && pids.count(gg)) {
            watch.requestStop();
            step = 3;
        }
    };
    const WatchResult result = watch.run(sink);
    for (Pipe* p : {&hold, &cExit, &gFork}) p->write.reset(); // whatever step it reached, all end
    ::waitpid(root, nullptr, 0);
    if (g > 0) ::waitpid(g, nullptr, 0);
    ::prctl(PR_SET_CHILD_SUBREAPER, 0);

    EXPECT_EQ(result.end, WatchEnd::StopRequested);
    EXPECT_EQ(step, 3) << "step 0: C and G found; 1: C gone, G still watched; 2: G's new child found";
}

TEST(WatchLoop, AnExitingTreeEndsTheLoop) {
    Pipe hold;
    const pid_t root = forkRunning(
        [&] {
        const pid_t c = forkRunning([&] { waitOn(hold); }, {});
        waitOn(hold);
        ::waitpid(c, nullptr, 0);
        },
        {hold.write.get()});
    Watch watch(options(root));
    RecordingSink sink;
    sink.onSample = [&](const events::Sample& s) {
        if (s.snapshot.threads.size() >= 2) hold.write.reset(); // both found: let them go
    };
    const WatchResult result = watch.run(sink);
    hold.write.reset();
    ::waitpid(root, nullptr, 0);

    EXPECT_EQ(result.end, WatchEnd::TreeExited);
    EXPECT_EQ(result.message, "process " + std::to_string(root) + " and its descendants have exited");
    EXPECT_GE(sink.samples(), 1);
}

TEST(WatchLoop, SigintDuringTheWatchEndsItAndNothingIsSentAfter) {
    for (const int signal : {SIGINT, SIGTERM}) {
        Watch watch(options(0));
        RecordingSink sink;
        sink.onSample = [&](const events::Sample&) {
            if (sink.samples() == 2) ::raise(signal); // blocked in this thread: pending for the signalfd
        };
        const WatchResult result = watch.run(sink);
        EXPECT_EQ(result.end, WatchEnd::Cancelled) << strsignal(signal);
        EXPECT_EQ(sink.samples(), 2) << strsignal(signal);
        EXPECT_TRUE(result.message.empty());
    }
}

TEST(WatchLoop, ASignalPendingBeforeRunCancelsIt) {
    Watch watch(options(0));
    RecordingSink sink;
    const oversub::conductor::SignalBlock block; // as the CLI holds it from its hello line
    ::raise(SIGTERM);
    const WatchResult result = watch.run(sink);
    EXPECT_EQ(result.end, WatchEnd::Cancelled);
    EXPECT_EQ(sink.samples(), 0) << "the priming tick is not sent";
}

TEST(WatchLoop, RequestStopEndsItFromTheSinkOrAnotherThread) {
    {
        Watch watch(options(0));
        RecordingSink sink;
        sink.onSample = [&](const events::Sample&) {
            if (sink.samples() == 3) watch.requestStop();
        };
        EXPECT_EQ(watch.run(sink).end, WatchEnd::StopRequested);
        EXPECT_EQ(sink.samples(), 3);
    }
    {
        Watch watch(options(0));
        RecordingSink sink;
        std::promise<void> firstSample;
        sink.onSample = [&](const events::Sample&) {
            if (sink.samples() == 1) firstSample.set_value();
        };
        std::thread stopper([&] {
            firstSample.get_future().wait();
            watch.requestStop();
        });
        const WatchResult result = watch.run(sink);
        stopper.join();
        EXPECT_EQ(result.end, WatchEnd::StopRequested);
    }
}

TEST(WatchLoop, NothingIsSentAfterTheSinkFails) {
    Pipe hold;
    const pid_t root = forkRunning([&] { waitOn(hold); }, {hold.write.get()});
    WatchOptions o = options(root);
    o.findings = true; // watch_done would come last: not after a failure
    o.durationSeconds = 2; // (ends a loop that would not stop at the failure)
    Watch watch(o);
    RecordingSink sink;
    sink.failFromEmit = 2;
    const WatchResult result = watch.run(sink);
    hold.write.reset();
    ::waitpid(root, nullptr, 0);

    EXPECT_EQ(result.end, WatchEnd::ReaderClosed);
    EXPECT_EQ(sink.emitsAfterFailure, 0);
    ASSERT_EQ(sink.events.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<events::Sample>(sink.events.back()));
}

TEST(WatchLoop, AReaderThatWentAwayEndsAnIdleWatch) {
    Pipe stream;
    stream.read.reset(); // the reader has gone: the write end reports POLLERR
    Watch watch(options(0));
    RecordingSink sink;
    sink.hangup = stream.write.get();
    EXPECT_EQ(watch.run(sink).end, WatchEnd::ReaderClosed);
}

TEST(WatchLoop, ASinkThatCannotHangUpIsWaitedOnUntilStopped) {
    // A regular file or /dev/null never hangs up (and an epoll set refuses
    // them): the watch goes on until it is stopped.
    const Fd file(::open(std::filesystem::temp_directory_path().c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
    const Fd null(::open("/dev/null", O_WRONLY | O_CLOEXEC));
    ASSERT_TRUE(file && null);
    for (const int fd : {file.get(), null.get()}) {
        Watch watch(options(0));
        RecordingSink sink;
        sink.hangup = fd;
        sink.onSample = [&](const events::Sample&) {
            if (sink.samples() >= 3) watch.requestStop();
        };
        EXPECT_EQ(watch.run(sink).end, WatchEnd::StopRequested);
        EXPECT_EQ(sink.samples(), 3);
    }
}

TEST(WatchLoop, FindingsEndTheStreamWithWatchDone) {
    Pipe hold;
    const pid_t root = forkRunning(
        [&] {
        const pid_t c = forkRunning([&] { waitOn(hold); }, {});
        waitOn(hold);
        ::waitpid(c, nullptr, 0);
        },
        {hold.write.get()});
    WatchOptions o = options(root);
    o.findings = true;
    Watch watch(o);
    RecordingSink sink;
    sink.onSample = [&](const events::Sample& s) {
        if (s.snapshot.threads.size() >= 2 && sink.samples() >= 2) watch.requestStop();
    };
    const WatchResult result = watch.run(sink);
    hold.write.reset();
    ::waitpid(root, nullptr, 0);

    ASSERT_FALSE(sink.events.empty());
    const auto* done = std::get_if<events::WatchDone>(&sink.events.back());
    ASSERT_NE(done, nullptr) << "watch_done comes last";
    EXPECT_EQ(done->rootPid, root);
    ASSERT_GE(done->processes.size(), 2u);
    EXPECT_EQ(done->processes[0].pid, root) << "discovery order";
    EXPECT_EQ(done->processes[0].cpuset, oversub::currentAffinity().toList());
    EXPECT_FALSE(done->machineCpuset.empty());
    EXPECT_TRUE(result.affinityNotChecked.empty()) << result.affinityNotChecked;
}

TEST(WatchLoop, BadOptionsAndAGoneProcessAreRefusedNamingTheFlag) {
    auto refusedField = [](const WatchOptions& o) {
        try {
            Watch watch(o);
        } catch (const oversub::InputError& error) {
            return error.field();
        }
        return std::string("(accepted)");
    };
    WatchOptions o = options(0);
    o.rateHz = 0;
    EXPECT_EQ(refusedField(o), "--rate");
    o.rateHz = 51;
    EXPECT_EQ(refusedField(o), "--rate");
    o = options(0);
    o.durationSeconds = -1;
    EXPECT_EQ(refusedField(o), "--duration");
    o = options(0);
    o.findings = true;
    EXPECT_EQ(refusedField(o), "--findings");

    const pid_t gone = ::fork();
    if (gone == 0) ::_exit(0);
    ::waitpid(gone, nullptr, 0);
    EXPECT_EQ(refusedField(options(gone)), "--pid");
}

// A tree narrowed to one PU with three busy threads: the gauge counts one
// allowed PU (the union of the tree's allowed PUs, not the machine's) and
// reads "over", as the affinity check at the end says.
TEST(WatchLoop, TheGaugeOfATreeCountsTheTreesAllowedPus) {
    const oversub::CpuSet allowed = oversub::currentAffinity();
    Pipe hold, ready;
    const int pu = allowed.first();
    const pid_t root = forkRunning(
        [&] {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(pu, &one);
        if (::sched_setaffinity(0, sizeof one, &one) != 0) ::_exit(3);
        std::atomic<bool> stop{false};
        std::vector<std::thread> busy;
        for (int i = 0; i < 3; ++i)
            busy.emplace_back([&] {
                while (!stop.load(std::memory_order_relaxed)) {}
            });
        sendByte(ready); // narrowed before the watch reads its PUs
        waitOn(hold);
        stop = true;
        for (auto& t : busy) t.join();
        },
        {hold.write.get()});
    ready.write.reset(); // a child that failed ends the wait instead of hanging it
    waitForByte(ready);
    Watch watch(options(root));
    RecordingSink sink;
    sink.onSample = [&](const events::Sample& s) {
        if (s.gauge && s.gauge->band == oversub::analysis::ConcurrencyBand::Over) watch.requestStop();
    };
    const WatchResult result = watch.run(sink);
    hold.write.reset();
    ::waitpid(root, nullptr, 0);

    EXPECT_EQ(result.end, WatchEnd::StopRequested) << "no sample read over";
    int withGauge = 0;
    for (const auto& e : sink.events)
        if (const auto* s = std::get_if<events::Sample>(&e); s && s->gauge) {
            ++withGauge;
            EXPECT_EQ(s->gauge->allowedPus, 1);
        }
    EXPECT_GT(withGauge, 0);
    if (allowed.count() >= 2) {
        ASSERT_TRUE(result.finding.has_value()) << "three busy threads on one of " << allowed.count() << " PUs";
        EXPECT_EQ(result.finding->id, "affinity-narrowed");
    }
}

TEST(WatchLoop, WatchingTheMachineAloneSendsNoGauge) {
    Watch watch(options(0));
    RecordingSink sink;
    sink.onSample = [&](const events::Sample&) {
        if (sink.samples() == 3) watch.requestStop();
    };
    ASSERT_EQ(watch.run(sink).end, WatchEnd::StopRequested);
    for (const auto& e : sink.events) EXPECT_FALSE(std::get<events::Sample>(e).gauge.has_value());
}
