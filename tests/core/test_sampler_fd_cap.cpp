// The sampler's kept-open /proc files against the descriptor cap
// (sampler/proc_file.h): past the cap a thread's files are opened again for
// each read and give the same samples; a tid that comes to name another
// thread is not sampled as the old one; a thread that exits leaves no
// descriptor behind; and a watch can raise its own descriptor limit.

#include "events/event.h"
#include "proc_fixture_tree.h"
#include "sampler/proc_file.h"
#include "sampler/sampler.h"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace oversub::sampler;
using oversub::test::readText;
using oversub::test::writeTreeInPlace;

namespace {

const fs::path kFixtures = fs::path(OVERSUB_SOURCE_DIR) / "tests/core/fixtures/proc/sampler";
constexpr int64_t kT0Ns = 1'000'000'000;
constexpr int64_t kTickNs = 500'000'000;

std::string lineOf(const Snapshot& snapshot) {
    oversub::events::Sample sample;
    sample.snapshot = snapshot;
    return oversub::events::toJsonLine(oversub::events::Event(std::move(sample)));
}

const ThreadSample* findTid(const Snapshot& s, int tid) {
    for (const auto& t : s.threads)
        if (t.tid == tid) return &t;
    return nullptr;
}

size_t openDescriptors() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

class SamplerFdCap : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("oversub-fdcap-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        writeTreeInPlace(kFixtures / "t0", root_);
    }
    void TearDown() override {
        resetKeptFileCap();
        fs::remove_all(root_);
    }

    fs::path root_;
};

// A thread of the test process that sleeps until released, then exits.
class SleepingThread {
public:
    SleepingThread()
        : thread_([this] {
              tid_ = static_cast<int>(::gettid());
              std::unique_lock lock(mutex_);
              wake_.wait(lock, [this] { return release_; });
          }) {
        while (tid_.load() == 0) std::this_thread::yield();
    }
    ~SleepingThread() { exit(); }
    int tid() const { return tid_.load(); }
    // Returns once the kernel has removed the thread from /proc.
    void exit() {
        if (!thread_.joinable()) return;
        {
            std::lock_guard lock(mutex_);
            release_ = true;
        }
        wake_.notify_all();
        thread_.join();
        const fs::path task = "/proc/self/task/" + std::to_string(tid_.load());
        while (fs::exists(task)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool release_ = false;
    std::atomic<int> tid_{0};
    std::thread thread_;
};

} // namespace

TEST_F(SamplerFdCap, FilesPastTheCapAreReopenedForEachReadAndGiveTheSameSamples) {
    Sampler kept(root_.string());
    kept.setStartMonotonicNs(0);
    ASSERT_TRUE(kept.watchProcess(4242, 1));
    kept.sampleAt(kT0Ns);
    // From here no new file is kept: the second sampler keeps /proc/stat and
    // the task directory (always kept), and reopens every thread file.
    setKeptFileCap(keptFileCount());
    const size_t before = keptFileCount();
    Sampler reopened(root_.string());
    reopened.setStartMonotonicNs(0);
    ASSERT_TRUE(reopened.watchProcess(4242, 1));
    EXPECT_EQ(lineOf(reopened.sampleAt(kT0Ns)), lineOf(kept.last()));
    EXPECT_EQ(keptFileCount(), before + 2) << "only /proc/stat and the task directory stay open";

    std::string blocked = readText(kFixtures / "t1/4242/task/4242/stat");
    blocked[blocked.rfind(") ") + 2] = 'D';
    for (int tick = 1; tick <= 12; ++tick) {
        // t1's text, then counters that keep growing: state, CPU and every
        // total move, so each file's reads show in the samples.
        writeTreeInPlace(kFixtures / "t1", root_);
        // From tick 3 on, 4242's stat shows another state while its
        // schedstat stays: a thread that did not run shows it only at its
        // staggered refresh, whichever way its files are read.
        if (tick >= 3) std::ofstream(root_ / "4242/task/4242/stat", std::ios::trunc) << blocked;
        std::ofstream(root_ / "4242/task/4243/schedstat", std::ios::trunc)
            << 50000000 + tick * 1000000 << " " << 1000000 + tick * 5000 << " " << 9 + tick << "\n";
        std::ofstream(root_ / "4242/task/4243/status", std::ios::trunc)
            << "Name:\tw\nvoluntary_ctxt_switches:\t" << 10 + tick << "\nnonvoluntary_ctxt_switches:\t" << tick << "\n";
        const int64_t at = kT0Ns + tick * kTickNs;
        EXPECT_EQ(lineOf(reopened.sampleAt(at)), lineOf(kept.sampleAt(at))) << "tick " << tick;
    }
    ASSERT_EQ(reopened.last().threads.size(), 2u);
    EXPECT_EQ(reopened.last().threads[0].state, 'D') << "refreshed within 10 ticks";
    EXPECT_EQ(keptFileCount(), before + 2);
}

TEST_F(SamplerFdCap, ATidThatNamesAnotherThreadIsNotSampledAsTheOldOne) {
    // Kept files rewritten in place, and reopened files, both see the new
    // thread's start time; neither may take the new counters as the old
    // thread's growth.
    for (const bool keep : {true, false}) {
        SCOPED_TRACE(keep ? "kept files" : "reopened files");
        writeTreeInPlace(kFixtures / "t0", root_);
        if (keep) resetKeptFileCap();
        else setKeptFileCap(keptFileCount());
        ThreadSamplerOptions options;
        options.taskRescanEveryTicks = 1;
        Sampler sampler(root_.string(), options);
        ASSERT_TRUE(sampler.watchProcess(4242, 0));
        ASSERT_NE(findTid(sampler.sampleAt(kT0Ns), 4243), nullptr);

        // 4243 exits and a new thread of the process gets its tid: it
        // started later and has run far less.
        std::string stat = readText(root_ / "4242/task/4243/stat");
        stat.replace(stat.find(" 123456 "), 8, " 999999 ");
        std::ofstream(root_ / "4242/task/4243/stat", std::ios::trunc) << stat;
        std::ofstream(root_ / "4242/task/4243/schedstat", std::ios::trunc) << "5000 100 1\n";

        const Snapshot& s1 = sampler.sampleAt(kT0Ns + kTickNs);
        EXPECT_EQ(findTid(s1, 4243), nullptr) << "the old thread has gone";
        EXPECT_NE(findTid(s1, 4242), nullptr);
        const Snapshot& s2 = sampler.sampleAt(kT0Ns + 2 * kTickNs);
        const ThreadSample* fresh = findTid(s2, 4243);
        ASSERT_NE(fresh, nullptr) << "the new thread is found by the next scan";
        EXPECT_EQ(fresh->runNsTotal, 5000u);
        EXPECT_DOUBLE_EQ(fresh->run, 0.0) << "first sight of a new thread primes";
    }
}

TEST(SamplerFdCapLive, AThreadThatExitsIsDroppedAndLeavesNoDescriptor) {
    for (const bool keep : {true, false}) {
        SCOPED_TRACE(keep ? "kept files" : "reopened files");
        resetKeptFileCap();
        Sampler sampler;
        ASSERT_TRUE(sampler.watchProcess(::getpid(), 0));
        sampler.sample();
        if (!keep) setKeptFileCap(keptFileCount()); // the new thread's files are reopened
        auto sleeper = std::make_unique<SleepingThread>();
        const int tid = sleeper->tid();
        const size_t keptBefore = keptFileCount();
        const size_t fdsBefore = openDescriptors();
        // Listed by a rescan of the task directory (its link count changed).
        ASSERT_NE(findTid(sampler.sample(), tid), nullptr);
        EXPECT_EQ(keptFileCount(), keptBefore + (keep ? 3 : 0)) << "stat, schedstat and status";
        EXPECT_EQ(openDescriptors(), fdsBefore + (keep ? 3 : 0));

        sleeper->exit();
        EXPECT_EQ(findTid(sampler.sample(), tid), nullptr);
        EXPECT_EQ(keptFileCount(), keptBefore);
        EXPECT_EQ(openDescriptors(), fdsBefore);
        EXPECT_NE(findTid(sampler.last(), static_cast<int>(::gettid())), nullptr) << "the rest is still sampled";
    }
    resetKeptFileCap();
}

TEST(SamplerFdCapLive, TheCapFollowsTheRaisedSoftLimit) {
    rlimit original{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
    if (original.rlim_max != RLIM_INFINITY && original.rlim_max <= 512) GTEST_SKIP() << "hard limit too low";
    rlimit low = original;
    low.rlim_cur = 512;
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
    EXPECT_EQ(keptFileCap(), 512 - kFdsNotKept);

    const size_t soft = raiseOpenFileLimit();
    rlimit now{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &now), 0);
    EXPECT_EQ(now.rlim_cur, original.rlim_max);
    if (now.rlim_cur != RLIM_INFINITY) {
        EXPECT_EQ(soft, static_cast<size_t>(now.rlim_cur));
        EXPECT_EQ(keptFileCap(), static_cast<size_t>(now.rlim_cur) - kFdsNotKept);
    }
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &original), 0);
}
