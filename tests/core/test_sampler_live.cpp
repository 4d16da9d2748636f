// The sampler against the real /proc: a busy thread started here is found
// with its tid, on an allowed CPU, running, with a run share above 0; threads
// and processes that end disappear without error.

#include "machine/affinity.h"
#include "sampler/sampler.h"

#include <gtest/gtest.h>

#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

using namespace oversub::sampler;

namespace {

int currentTid() { return static_cast<int>(::syscall(SYS_gettid)); }

double threadCpuSeconds() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

const ThreadSample* findTid(const Snapshot& s, int tid) {
    for (const auto& t : s.threads)
        if (t.tid == tid) return &t;
    return nullptr;
}

// A thread that spins until told to stop, reporting how much CPU it used.
class BusyThread {
public:
    BusyThread() {
        thread_ = std::thread([this] {
            tid_ = currentTid();
            const double start = threadCpuSeconds();
            volatile uint64_t sink = 0;
            while (!stop_.load(std::memory_order_relaxed)) {
                for (int i = 0; i < 10000; ++i) sink = sink + static_cast<uint64_t>(i);
                cpuSeconds_.store(threadCpuSeconds() - start);
            }
        });
        while (tid_.load() == 0) std::this_thread::yield();
    }
    ~BusyThread() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    int tid() const { return tid_.load(); }
    // Waits until the thread has burnt `seconds` of its own CPU time.
    void waitForCpu(double seconds) const {
        while (cpuSeconds_.load() < seconds) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

private:
    std::thread thread_;
    std::atomic<int> tid_{0};
    std::atomic<bool> stop_{false};
    std::atomic<double> cpuSeconds_{0};
};

} // namespace

TEST(SamplerLive, BusyThreadIsSeenRunningOnAnAllowedCpu) {
    const oversub::CpuSet allowed = oversub::currentAffinity();
    Sampler sampler;
    ASSERT_TRUE(sampler.watchProcess(::getpid(), 7));
    BusyThread busy;
    sampler.sample();
    busy.waitForCpu(0.2);
    const Snapshot& s = sampler.sample();
    const ThreadSample* t = findTid(s, busy.tid());
    ASSERT_NE(t, nullptr) << "tid " << busy.tid() << " not sampled";
    EXPECT_EQ(t->pid, ::getpid());
    EXPECT_EQ(t->worker, 7);
    EXPECT_TRUE(allowed.contains(t->cpu)) << "cpu " << t->cpu << " not in " << allowed.toList();
    EXPECT_EQ(t->state, 'R');
    EXPECT_GT(t->run, 0.0);
    EXPECT_GT(t->runNsTotal, 0u);
    EXPECT_GT(s.intervalSeconds, 0.0);
    // The main thread is sampled too.
    EXPECT_NE(findTid(s, currentTid()), nullptr);
    // Every online CPU of the machine has a share, each within 0..1.
    EXPECT_EQ(static_cast<long>(s.cpus.size()), ::sysconf(_SC_NPROCESSORS_ONLN));
    for (const auto& c : s.cpus) {
        EXPECT_GE(c.busy(), 0.0);
        EXPECT_LE(c.busy() + c.idle + c.iowait, 1.0 + 1e-9);
    }
}

TEST(SamplerLive, ThreadThatExitsDisappears) {
    Sampler sampler;
    ASSERT_TRUE(sampler.watchProcess(::getpid(), 0));
    auto busy = std::make_unique<BusyThread>();
    const int tid = busy->tid();
    ASSERT_NE(findTid(sampler.sample(), tid), nullptr);
    busy.reset(); // joins
    // join returns when the kernel clears the tid, a moment before the task
    // leaves /proc: wait for that, then the sampler must not list it.
    const std::string taskDir = "/proc/self/task/" + std::to_string(tid);
    while (::access(taskDir.c_str(), F_OK) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const Snapshot& s = sampler.sample();
    EXPECT_EQ(findTid(s, tid), nullptr);
    EXPECT_NE(findTid(s, currentTid()), nullptr);
    EXPECT_TRUE(sampler.isWatching(::getpid()));
}

namespace {
// A child that waits until the pipe closes, then exits.
pid_t forkWaitingChild(int& releaseFd) {
    int fds[2];
    if (::pipe(fds) != 0) return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[1]);
        char c;
        while (::read(fds[0], &c, 1) > 0) {}
        ::_exit(0);
    }
    ::close(fds[0]);
    releaseFd = fds[1];
    return pid;
}

bool isZombie(pid_t pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE* f = std::fopen(path, "r");
    if (!f) return false;
    char line[512] = {};
    const bool ok = std::fgets(line, sizeof line, f) != nullptr;
    std::fclose(f);
    const char* close = ok ? std::strrchr(line, ')') : nullptr;
    return close && close[1] == ' ' && close[2] == 'Z';
}
} // namespace

TEST(SamplerLive, ProcessThatExitsAndIsReapedIsDropped) {
    int release = -1;
    const pid_t child = forkWaitingChild(release);
    ASSERT_GT(child, 0);
    Sampler sampler;
    ASSERT_TRUE(sampler.watchProcess(child, 1));
    const Snapshot& s0 = sampler.sample();
    ASSERT_EQ(s0.threads.size(), 1u);
    EXPECT_EQ(s0.threads[0].tid, child);
    EXPECT_EQ(s0.threads[0].worker, 1);
    ::close(release);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(sampler.sample().threads.empty());
    EXPECT_FALSE(sampler.isWatching(child));
    EXPECT_TRUE(sampler.sample().threads.empty());
}

TEST(SamplerLive, ProcessThatExitsAsAZombieIsDropped) {
    int release = -1;
    const pid_t child = forkWaitingChild(release);
    ASSERT_GT(child, 0);
    Sampler sampler;
    ASSERT_TRUE(sampler.watchProcess(child, 1));
    sampler.sample();
    ::close(release);
    while (!isZombie(child)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    sampler.sample();
    EXPECT_FALSE(sampler.isWatching(child));
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
}

TEST(SamplerLive, WatchingAPidThatDoesNotExistIsRefusedWithoutError) {
    int release = -1;
    const pid_t child = forkWaitingChild(release);
    ASSERT_GT(child, 0);
    ::close(release);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    Sampler sampler;
    EXPECT_FALSE(sampler.watchProcess(child, 0));
    EXPECT_TRUE(sampler.sample().threads.empty());
}
