// The sampler against real children bound to one PU: a running thread whose
// allowed set is a single PU is shown on that PU without its stat file being
// read (stateIsFresh false), in agreement with the kernel's own "processor"
// field and affinity; a thread moved to another PU, or allowed several, is
// shown where it is from the first tick it runs there; a bound process that
// exits is dropped on the next tick; the run share of a bound thread sampled
// without stat is split into user and system the way the thread spends its
// time (a loop in user mode, reads in the kernel). No timing is asserted: the
// loops wait for the children to run, however long the machine takes.

#include "sampler/exit_watch.h"
#include "sampler/sampler.h"
#include "sampler/thread_affinity.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace oversub::sampler;

namespace {

std::vector<int> allowedPus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<int> pus;
    if (::sched_getaffinity(0, sizeof set, &set) != 0) return pus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set)) pus.push_back(cpu);
    return pus;
}

bool bind(pid_t pid, const std::vector<int>& pus) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int pu : pus) CPU_SET(pu, &set);
    return ::sched_setaffinity(pid, sizeof set, &set) == 0;
}

// A single-threaded child bound to `pu`, computing until killed.
pid_t spawnBoundSpinner(int pu) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (!bind(0, {pu})) ::_exit(1);
        volatile unsigned long sink = 0;
        for (;;) sink = sink + 1;
    }
    return pid;
}

// A single-threaded child bound to `pu` that spends nearly all its time in
// the kernel: each read() of /dev/zero clears a MiB in kernel mode.
pid_t spawnBoundKernelSpinner(int pu) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (!bind(0, {pu})) ::_exit(1);
        const int zero = ::open("/dev/zero", O_RDONLY);
        if (zero < 0) ::_exit(1);
        static char buffer[1 << 20];
        for (;;)
            if (::read(zero, buffer, sizeof buffer) < 0) ::_exit(1);
    }
    return pid;
}

struct KernelView {
    char state = '?';
    int processor = -1; // stat field 39, what `ps -o psr` prints
};

KernelView kernelView(pid_t pid) {
    KernelView v;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE* f = std::fopen(path, "r");
    if (!f) return v;
    char line[1024] = {};
    const bool ok = std::fgets(line, sizeof line, f) != nullptr;
    std::fclose(f);
    const char* p = ok ? std::strrchr(line, ')') : nullptr;
    if (!p) return v;
    v.state = p[2];
    // Fields from 3 (state) on; the processor is field 39.
    int field = 3;
    for (const char* c = p + 2; *c; ++c)
        if (*c == ' ' && ++field == 39) {
            v.processor = std::atoi(c + 1);
            break;
        }
    return v;
}

// utime + stime of the child in clock ticks (stat fields 14 and 15).
unsigned long long cpuTicks(pid_t pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE* f = std::fopen(path, "r");
    if (!f) return 0;
    char line[1024] = {};
    const bool ok = std::fgets(line, sizeof line, f) != nullptr;
    std::fclose(f);
    const char* p = ok ? std::strrchr(line, ')') : nullptr;
    if (!p) return 0;
    unsigned long long utime = 0, stime = 0;
    // After ')': state (3), then fields 4-13, utime (14), stime (15).
    if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return 0;
    return utime + stime;
}

std::vector<int> kernelAffinity(pid_t pid) {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<int> pus;
    if (::sched_getaffinity(pid, sizeof set, &set) != 0) return pus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set)) pus.push_back(cpu);
    return pus;
}

// Until the child has bound itself.
void waitForAffinity(pid_t pid, int pu) {
    while (kernelAffinity(pid) != std::vector<int>{pu}) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

// Samples until the child's thread has run between two ticks, and returns
// that tick's sample of it.
ThreadSample nextTickItRan(Sampler& sampler, pid_t pid) {
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        for (const auto& t : sampler.sample().threads)
            if (t.tid == pid && t.run > 0) return t;
    }
}

class KilledAtExit {
public:
    explicit KilledAtExit(pid_t pid) : pid_(pid) {}
    ~KilledAtExit() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }

private:
    pid_t pid_;
};

ThreadSamplerOptions statRarely() {
    ThreadSamplerOptions options;
    options.refreshEveryTicks = 1 << 20; // no periodic stat refresh during the test
    return options;
}

} // namespace

TEST(SinglePuAffinity, OnePuSeveralOrGone) {
    const std::vector<int> pus = allowedPus();
    ASSERT_FALSE(pus.empty());
    SinglePuAffinity affinity;
    const int tid = static_cast<int>(::syscall(SYS_gettid));
    int seen = SinglePuAffinity::kUnknown;
    std::thread([&] {
        const int own = static_cast<int>(::syscall(SYS_gettid));
        if (bind(0, {pus.back()})) seen = affinity.of(own);
    }).join();
    EXPECT_EQ(seen, pus.back());
    EXPECT_EQ(affinity.of(tid), pus.size() > 1 ? SinglePuAffinity::kSeveral : pus[0]);
    // A pid beyond pid_max never exists.
    EXPECT_EQ(affinity.of(1 << 30), SinglePuAffinity::kUnknown);
}

TEST(ExitWatch, ProcessIsListedOnceItHasExited) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(fds[1]);
        char c;
        while (::read(fds[0], &c, 1) > 0) {}
        ::_exit(0);
    }
    ::close(fds[0]);
    ExitWatch watch;
    if (!watch.watch(child)) {
        ::close(fds[1]);
        ::waitpid(child, nullptr, 0);
        GTEST_FAIL() << "no pidfd_open on this kernel (Linux 5.3+; the conductor needs it too)";
    }
    std::vector<pid_t> exited;
    watch.exited(exited);
    EXPECT_TRUE(exited.empty());
    ::close(fds[1]);
    // Not reaped yet: a zombie counts as exited.
    do {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        watch.exited(exited);
    } while (exited.empty());
    EXPECT_EQ(exited, std::vector<pid_t>{child});
    EXPECT_EQ(kernelView(child).state, 'Z');
    ::waitpid(child, nullptr, 0);
    watch.unwatch(child);
    watch.exited(exited);
    EXPECT_TRUE(exited.empty());
}

TEST(SamplerAffinity, BoundRunningThreadIsShownOnItsPuWithoutReadingStat) {
    const std::vector<int> pus = allowedPus();
    ASSERT_FALSE(pus.empty());
    const int pu = pus.back();
    const pid_t child = spawnBoundSpinner(pu);
    ASSERT_GT(child, 0);
    KilledAtExit cleanup(child);
    waitForAffinity(child, pu);

    Sampler sampler("/proc", statRarely());
    ASSERT_TRUE(sampler.watchProcess(child, 0));
    sampler.sample();
    int notRead = 0;
    for (int i = 0; i < 8; ++i) {
        const ThreadSample t = nextTickItRan(sampler, child);
        EXPECT_EQ(t.cpu, pu) << "tick " << i;
        // What ps -o psr and taskset -p say about the same thread.
        EXPECT_EQ(kernelView(child).processor, pu);
        EXPECT_EQ(kernelAffinity(child), std::vector<int>{pu});
        if (!t.stateIsFresh) {
            ++notRead;
            // Without stat the run share is split, never invented.
            EXPECT_NEAR(t.user + t.system, t.run, 1e-12);
            EXPECT_GE(t.user, 0.0);
            EXPECT_GE(t.system, 0.0);
        }
    }
    // The first ticks read stat (first sight, then the first affinity check);
    // from then on the bound thread's stat is not read.
    EXPECT_GE(notRead, 6);
}

TEST(SamplerAffinity, ThreadMovedToAnotherPuOrWidenedIsShownWhereItRuns) {
    const std::vector<int> pus = allowedPus();
    if (pus.size() < 2) GTEST_FAIL() << "needs two allowed PUs";
    const int first = pus[0];
    const int second = pus[1];
    const pid_t child = spawnBoundSpinner(first);
    ASSERT_GT(child, 0);
    KilledAtExit cleanup(child);
    waitForAffinity(child, first);

    Sampler sampler("/proc", statRarely());
    ASSERT_TRUE(sampler.watchProcess(child, 0));
    sampler.sample();
    ThreadSample t{};
    for (int i = 0; i < 3; ++i) t = nextTickItRan(sampler, child);
    ASSERT_EQ(t.cpu, first);
    ASSERT_FALSE(t.stateIsFresh) << "bound and running: stat not read";

    // Moved: sched_setaffinity returns once a running thread is on the new PU.
    ASSERT_TRUE(bind(child, {second}));
    t = nextTickItRan(sampler, child);
    EXPECT_EQ(t.cpu, second) << "shown on the new PU from the first tick it ran";
    EXPECT_TRUE(t.stateIsFresh) << "a changed affinity is checked against stat";
    for (int i = 0; i < 3; ++i) {
        t = nextTickItRan(sampler, child);
        EXPECT_EQ(t.cpu, second);
        EXPECT_EQ(kernelView(child).processor, second);
    }
    EXPECT_FALSE(t.stateIsFresh);

    // Widened to two PUs: stat again on every tick it runs, and the CPU is
    // the kernel's last CPU for it, one of the two.
    ASSERT_TRUE(bind(child, {first, second}));
    for (int i = 0; i < 4; ++i) {
        t = nextTickItRan(sampler, child);
        EXPECT_TRUE(t.stateIsFresh) << "tick " << i;
        EXPECT_TRUE(t.cpu == first || t.cpu == second) << t.cpu;
    }
}

TEST(SamplerAffinity, BoundProcessThatExitsIsDroppedOnTheNextTick) {
    const std::vector<int> pus = allowedPus();
    ASSERT_FALSE(pus.empty());
    const pid_t child = spawnBoundSpinner(pus.back());
    ASSERT_GT(child, 0);
    waitForAffinity(child, pus.back());
    Sampler sampler("/proc", statRarely());
    ASSERT_TRUE(sampler.watchProcess(child, 0));
    sampler.sample();
    ThreadSample t{};
    for (int i = 0; i < 3; ++i) t = nextTickItRan(sampler, child);
    ASSERT_FALSE(t.stateIsFresh);
    ASSERT_EQ(t.state, 'R');
    ::kill(child, SIGKILL);
    while (kernelView(child).state != 'Z') std::this_thread::sleep_for(std::chrono::milliseconds(1));
    sampler.sample();
    // Without pidfds the exit is seen one tick later, when the thread has
    // stopped running.
    ExitWatch probe;
    if (!probe.watch(::getpid())) sampler.sample();
    EXPECT_FALSE(sampler.isWatching(child)) << "the exit is seen although stat was not due";
    ASSERT_EQ(::waitpid(child, nullptr, 0), child);
}

// Shares of a bound running thread sampled without stat, summed over the
// ticks it ran: the split of its run share in the latest utime:stime ratio.
struct SplitShares {
    double user = 0, system = 0, run = 0;
    int ticks = 0;
};

// Lets the child build up CPU time first (so the ratio of its totals is its
// loop's, not its start-up's), then sums `ticks` split samples of it.
SplitShares splitSharesOf(pid_t child, int pu, int ticks) {
    constexpr unsigned long long kTicksBeforeSampling = 20; // clock ticks of CPU time
    waitForAffinity(child, pu);
    while (cpuTicks(child) < kTicksBeforeSampling) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    Sampler sampler("/proc", statRarely());
    EXPECT_TRUE(sampler.watchProcess(child, 0));
    sampler.sample();
    SplitShares sum;
    while (sum.ticks < ticks) {
        const ThreadSample t = nextTickItRan(sampler, child);
        if (t.stateIsFresh) continue; // stat read: the fresh path, not the split
        EXPECT_NEAR(t.user + t.system, t.run, 1e-12);
        sum.user += t.user;
        sum.system += t.system;
        sum.run += t.run;
        ++sum.ticks;
    }
    return sum;
}

TEST(SamplerAffinity, SplitOfABoundThreadRunningInUserModeIsUserTime) {
    const std::vector<int> pus = allowedPus();
    ASSERT_FALSE(pus.empty());
    const pid_t child = spawnBoundSpinner(pus.back());
    ASSERT_GT(child, 0);
    KilledAtExit cleanup(child);
    const SplitShares s = splitSharesOf(child, pus.back(), 6);
    EXPECT_GT(s.run, 0.0);
    // At least as much user time: the split is the kernel's latest tick
    // ratio over a short interval, which a loaded box can make an even one.
    EXPECT_GE(s.user, s.system) << "a loop in user mode shown as system time: user " << s.user << ", system "
                                << s.system;
}

TEST(SamplerAffinity, SplitOfABoundThreadRunningInTheKernelIsSystemTime) {
    const std::vector<int> pus = allowedPus();
    ASSERT_FALSE(pus.empty());
    const pid_t child = spawnBoundKernelSpinner(pus.back());
    ASSERT_GT(child, 0);
    KilledAtExit cleanup(child);
    const SplitShares s = splitSharesOf(child, pus.back(), 6);
    EXPECT_GT(s.run, 0.0);
    // At least as much system time (an even split happens under load, as above).
    EXPECT_GE(s.system, s.user) << "reads of /dev/zero shown as user time: user " << s.user << ", system " << s.system;
}
