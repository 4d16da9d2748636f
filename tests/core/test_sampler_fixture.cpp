// Replays recorded /proc trees (tests/core/fixtures/proc/) through the
// sampler and checks the exact shares. The tree is copied to a temporary
// folder and rewritten in place between ticks, so the sampler's kept-open
// descriptors read the new text as they would in /proc.

#include "machine/machine_record.h"
#include "machine/memory.h"
#include "proc_fixture_tree.h"
#include "sampler/proc_stat_reader.h"
#include "sampler/sampler.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace oversub::sampler;
using oversub::test::readText;
using oversub::test::writeTreeInPlace;

namespace {

const fs::path kFixtures = fs::path(OVERSUB_SOURCE_DIR) / "tests/core/fixtures/proc/sampler";
constexpr int64_t kT0Ns = 1'000'000'000;
constexpr int64_t kT1Ns = 1'500'000'000; // 0.5 s later

class SamplerFixture : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("oversub-sampler-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        writeTreeInPlace(kFixtures / "t0", root_);
    }
    void TearDown() override { fs::remove_all(root_); }
    void advanceToT1() { writeTreeInPlace(kFixtures / "t1", root_); }

    const ThreadSample* find(const Snapshot& s, int tid) {
        for (const auto& t : s.threads)
            if (t.tid == tid) return &t;
        return nullptr;
    }

    fs::path root_;
};

const double kClockTicks = static_cast<double>(::sysconf(_SC_CLK_TCK));

} // namespace

TEST_F(SamplerFixture, FirstSamplePrimesWithZeroSharesAndFilledTotals) {
    Sampler sampler(root_.string());
    sampler.setStartMonotonicNs(0);
    ASSERT_TRUE(sampler.watchProcess(4242, 3));
    const Snapshot& s = sampler.sampleAt(kT0Ns);
    EXPECT_DOUBLE_EQ(s.intervalSeconds, 0.0);
    EXPECT_DOUBLE_EQ(s.tSeconds, 1.0);
    ASSERT_EQ(s.cpus.size(), 2u);
    for (const auto& c : s.cpus) {
        EXPECT_DOUBLE_EQ(c.busy(), 0.0);
        EXPECT_DOUBLE_EQ(c.idle, 0.0);
    }
    ASSERT_EQ(s.threads.size(), 2u);
    const ThreadSample* t = find(s, 4242);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->pid, 4242);
    EXPECT_EQ(t->worker, 3);
    EXPECT_EQ(t->cpu, 1);
    EXPECT_EQ(t->state, 'S');
    EXPECT_DOUBLE_EQ(t->run, 0.0);
    EXPECT_EQ(t->runNsTotal, 1000000000u);
    EXPECT_EQ(t->runqWaitNsTotal, 200000000u);
    EXPECT_EQ(t->utimeTicksTotal, 100u);
    EXPECT_EQ(t->voluntaryCtxSwitches, 10u);
}

TEST_F(SamplerFixture, CpuSharesOverTheIntervalAreExact) {
    Sampler sampler(root_.string());
    sampler.sampleAt(kT0Ns);
    advanceToT1();
    const Snapshot& s = sampler.sampleAt(kT1Ns);
    EXPECT_DOUBLE_EQ(s.intervalSeconds, 0.5);
    ASSERT_EQ(s.cpus.size(), 2u);
    const CpuShare& c0 = s.cpus[0];
    EXPECT_EQ(c0.cpu, 0);
    EXPECT_DOUBLE_EQ(c0.user, 0.30);
    EXPECT_DOUBLE_EQ(c0.nice, 0.0);
    EXPECT_DOUBLE_EQ(c0.system, 0.10);
    EXPECT_DOUBLE_EQ(c0.idle, 0.50);
    EXPECT_DOUBLE_EQ(c0.iowait, 0.05);
    EXPECT_DOUBLE_EQ(c0.irq, 0.02);
    EXPECT_DOUBLE_EQ(c0.softirq, 0.03);
    EXPECT_DOUBLE_EQ(c0.steal, 0.0);
    EXPECT_NEAR(c0.busy(), 0.45, 1e-12);
    const CpuShare& c1 = s.cpus[1];
    EXPECT_EQ(c1.cpu, 1);
    EXPECT_DOUBLE_EQ(c1.user, 0.40) << "guest time is inside user, not added again";
    EXPECT_DOUBLE_EQ(c1.nice, 0.10);
    EXPECT_DOUBLE_EQ(c1.idle, 0.50);
    EXPECT_NEAR(c1.busy() + c1.idle + c1.iowait, 1.0, 1e-12);
}

TEST_F(SamplerFixture, ThreadSharesOverTheIntervalAreExact) {
    ThreadSamplerOptions statusEveryTick;
    statusEveryTick.statusEveryTicks = 1;
    Sampler sampler(root_.string(), statusEveryTick);
    ASSERT_TRUE(sampler.watchProcess(4242, 0));
    sampler.sampleAt(kT0Ns);
    advanceToT1();
    const Snapshot& s = sampler.sampleAt(kT1Ns);
    const ThreadSample* t = find(s, 4242);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->cpu, 0);
    EXPECT_EQ(t->state, 'R');
    EXPECT_TRUE(t->stateIsFresh);
    EXPECT_DOUBLE_EQ(t->user, 40 / kClockTicks / 0.5);
    EXPECT_DOUBLE_EQ(t->system, 5 / kClockTicks / 0.5);
    EXPECT_DOUBLE_EQ(t->run, 0.9);
    EXPECT_DOUBLE_EQ(t->runqWait, 0.2);
    EXPECT_EQ(t->runNsTotal, 1450000000u);
    EXPECT_EQ(t->runqWaitNsTotal, 300000000u);
    EXPECT_EQ(t->timeslicesTotal, 60u);
    EXPECT_EQ(t->voluntaryCtxSwitches, 12u);
    EXPECT_EQ(t->involuntaryCtxSwitches, 7u);
}

TEST_F(SamplerFixture, ThreadThatDidNotRunKeepsItsLastStatUnlessAskedToReadEverything) {
    {
        Sampler sampler(root_.string());
        sampler.watchProcess(4242, 0);
        sampler.sampleAt(kT0Ns);
        advanceToT1();
        const ThreadSample* t = find(sampler.sampleAt(kT1Ns), 4243);
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(t->state, 'S') << "schedstat unchanged: stat not re-read";
        EXPECT_EQ(t->cpu, 1);
        EXPECT_FALSE(t->stateIsFresh);
        EXPECT_DOUBLE_EQ(t->run, 0.0);
        EXPECT_DOUBLE_EQ(t->runqWait, 0.0);
    }
    writeTreeInPlace(kFixtures / "t0", root_);
    {
        ThreadSamplerOptions everything;
        everything.skipUnchangedThreads = false;
        Sampler sampler(root_.string(), everything);
        sampler.watchProcess(4242, 0);
        sampler.sampleAt(kT0Ns);
        advanceToT1();
        const ThreadSample* t = find(sampler.sampleAt(kT1Ns), 4243);
        ASSERT_NE(t, nullptr);
        EXPECT_EQ(t->state, 'R');
        EXPECT_EQ(t->cpu, 0);
        EXPECT_TRUE(t->stateIsFresh);
    }
}

TEST_F(SamplerFixture, ContextSwitchesOfARunningThreadAreReadEveryStatusEveryTicks) {
    ThreadSamplerOptions options;
    options.statusEveryTicks = 3;
    Sampler sampler(root_.string(), options);
    sampler.watchProcess(4242, 0);
    EXPECT_EQ(find(sampler.sampleAt(kT0Ns), 4242)->voluntaryCtxSwitches, 10u) << "read when first seen";
    advanceToT1();
    // 4242 ran (schedstat moved) right after status was read: its counts are
    // due again 3 ticks after that read, and then read even though it has not
    // run since.
    EXPECT_EQ(find(sampler.sampleAt(kT0Ns + 500'000'000), 4242)->voluntaryCtxSwitches, 10u);
    EXPECT_EQ(find(sampler.sampleAt(kT0Ns + 1'000'000'000), 4242)->voluntaryCtxSwitches, 10u);
    const ThreadSample* t = find(sampler.sampleAt(kT0Ns + 1'500'000'000), 4242);
    EXPECT_EQ(t->voluntaryCtxSwitches, 12u);
    EXPECT_EQ(t->involuntaryCtxSwitches, 7u);
}

TEST_F(SamplerFixture, ThreadOnItsCpuAllAlongKeepsItsSwitchCountsUntilItLeavesIt) {
    ThreadSamplerOptions options;
    options.statusEveryTicks = 1;
    Sampler sampler(root_.string(), options);
    sampler.watchProcess(4242, 0);
    sampler.sampleAt(kT0Ns);
    const fs::path task = root_ / "4242/task/4242";
    // The status file says 12 voluntary switches from now on; the sampler
    // only reads it when schedstat shows a switch could have happened.
    std::string status = readText(task / "status");
    const std::string before = "voluntary_ctxt_switches:\t10";
    status.replace(status.find(before), before.size(), "voluntary_ctxt_switches:\t12");
    std::ofstream(task / "status", std::ios::trunc) << status;
    // Ran (run time grew) without being put on a CPU again (timeslices 50):
    // on its CPU all along, so no switch happened.
    std::ofstream(task / "schedstat", std::ios::trunc) << "1100000000 200000000 50\n";
    EXPECT_EQ(find(sampler.sampleAt(kT0Ns + 500'000'000), 4242)->voluntaryCtxSwitches, 10u);
    std::ofstream(task / "schedstat", std::ios::trunc) << "1200000000 200000000 50\n";
    EXPECT_EQ(find(sampler.sampleAt(kT0Ns + 1'000'000'000), 4242)->voluntaryCtxSwitches, 10u);
    // It did not run over the next interval: it left its CPU in the last one.
    EXPECT_EQ(find(sampler.sampleAt(kT0Ns + 1'500'000'000), 4242)->voluntaryCtxSwitches, 12u);
    // Put on a CPU again (timeslices 51): switched, read again.
    const std::string twelve = "voluntary_ctxt_switches:\t12";
    status.replace(status.find(twelve), twelve.size(), "voluntary_ctxt_switches:\t13");
    std::ofstream(task / "status", std::ios::trunc) << status;
    std::ofstream(task / "schedstat", std::ios::trunc) << "1300000000 250000000 51\n";
    EXPECT_EQ(find(sampler.sampleAt(kT0Ns + 2'000'000'000), 4242)->voluntaryCtxSwitches, 13u);
}

TEST_F(SamplerFixture, IdleThreadIsRefreshedWithinRefreshEveryTicks) {
    ThreadSamplerOptions options;
    options.refreshEveryTicks = 3;
    Sampler sampler(root_.string(), options);
    sampler.watchProcess(4242, 0);
    sampler.sampleAt(kT0Ns);
    advanceToT1();
    int freshTicks = 0;
    char state = '?';
    for (int i = 1; i <= 3; ++i) {
        const ThreadSample* t = find(sampler.sampleAt(kT0Ns + i * 500'000'000), 4243);
        ASSERT_NE(t, nullptr);
        if (t->stateIsFresh) {
            ++freshTicks;
            state = t->state;
        }
    }
    EXPECT_EQ(freshTicks, 1) << "one refresh in every 3 ticks";
    EXPECT_EQ(state, 'R');
}

TEST_F(SamplerFixture, NewThreadAppearsAndRemovedThreadVanishesWithoutError) {
    Sampler sampler(root_.string());
    sampler.watchProcess(4242, 0);
    ASSERT_EQ(sampler.sampleAt(kT0Ns).threads.size(), 2u);
    // A third thread appears (copy of 4243's files under tid 4244).
    fs::copy(root_ / "4242/task/4243", root_ / "4242/task/4244", fs::copy_options::recursive);
    const Snapshot& s1 = sampler.sampleAt(kT1Ns);
    ASSERT_EQ(s1.threads.size(), 3u);
    EXPECT_EQ(s1.threads[2].tid, 4244);
    EXPECT_DOUBLE_EQ(s1.threads[2].run, 0.0) << "first sight primes";
    // 4243 goes away.
    fs::remove_all(root_ / "4242/task/4243");
    const Snapshot& s2 = sampler.sampleAt(kT1Ns + 500'000'000);
    ASSERT_EQ(s2.threads.size(), 2u);
    EXPECT_EQ(s2.threads[0].tid, 4242);
    EXPECT_EQ(s2.threads[1].tid, 4244);
}

TEST_F(SamplerFixture, ProcessThatVanishesIsDroppedAndUnknownPidIsRefused) {
    Sampler sampler(root_.string());
    EXPECT_FALSE(sampler.watchProcess(999999, 0));
    ASSERT_TRUE(sampler.watchProcess(4242, 0));
    sampler.sampleAt(kT0Ns);
    fs::remove_all(root_ / "4242");
    const Snapshot& s = sampler.sampleAt(kT1Ns);
    EXPECT_TRUE(s.threads.empty());
    EXPECT_FALSE(sampler.isWatching(4242));
    EXPECT_EQ(s.cpus.size(), 2u);
}

TEST_F(SamplerFixture, ZombieLeaderEndsTheProcess) {
    Sampler sampler(root_.string());
    sampler.watchProcess(4242, 0);
    sampler.sampleAt(kT0Ns);
    fs::remove_all(root_ / "4242/task/4243");
    std::string stat = readText(root_ / "4242/task/4242/stat");
    stat[stat.find(") S") + 2] = 'Z';
    std::ofstream(root_ / "4242/task/4242/stat", std::ios::trunc) << stat;
    std::ofstream(root_ / "4242/task/4242/schedstat", std::ios::trunc) << "1000000001 200000000 51\n";
    sampler.sampleAt(kT1Ns);
    EXPECT_FALSE(sampler.isWatching(4242));
}

TEST_F(SamplerFixture, CpuGoingOfflineAndBackDoesNotBreakTheReader) {
    ProcStatReader reader(root_.string());
    ASSERT_TRUE(reader.update());
    ASSERT_EQ(reader.onlineCount(), 2);
    // cpu1 goes offline: its line disappears.
    std::ofstream(root_ / "stat", std::ios::trunc) << "cpu  0 0 0 0\ncpu0 1010 0 500 8090 100 0 0 0 0 0\nintr 1\n";
    ASSERT_TRUE(reader.update());
    auto shares = reader.shares();
    ASSERT_EQ(shares.size(), 1u);
    EXPECT_EQ(shares[0].cpu, 0);
    EXPECT_DOUBLE_EQ(shares[0].user, 0.10);
    EXPECT_DOUBLE_EQ(shares[0].idle, 0.90);
    // cpu1 comes back with counters that went backwards: a new base, no share.
    std::ofstream(root_ / "stat", std::ios::trunc)
        << "cpu  0 0 0 0\ncpu0 1010 0 500 8190 100 0 0 0 0 0\ncpu1 5 0 1 10 0 0 0 0 0 0\nintr 1\n";
    ASSERT_TRUE(reader.update());
    shares = reader.shares();
    ASSERT_EQ(shares.size(), 2u);
    EXPECT_DOUBLE_EQ(shares[0].idle, 1.0);
    EXPECT_EQ(shares[1].cpu, 1);
    EXPECT_DOUBLE_EQ(shares[1].busy() + shares[1].idle, 0.0);
    // Next interval counts again; a counter going backwards saturates at 0.
    std::ofstream(root_ / "stat", std::ios::trunc)
        << "cpu  0 0 0 0\ncpu0 1010 0 500 8190 100 0 0 0 0 0\ncpu1 15 0 0 20 0 0 0 0 0 0\nintr 1\n";
    ASSERT_TRUE(reader.update());
    shares = reader.shares();
    EXPECT_DOUBLE_EQ(shares[1].user, 0.5);
    EXPECT_DOUBLE_EQ(shares[1].system, 0.0);
    EXPECT_DOUBLE_EQ(shares[1].idle, 0.5);
    EXPECT_DOUBLE_EQ(shares[0].busy() + shares[0].idle, 0.0) << "no ticks elapsed on cpu0";
}

TEST_F(SamplerFixture, MissingProcStatIsNotFatal) {
    fs::remove(root_ / "stat");
    Sampler sampler(root_.string());
    sampler.watchProcess(4242, 0);
    const Snapshot& s = sampler.sampleAt(kT0Ns);
    EXPECT_TRUE(s.cpus.empty());
    EXPECT_EQ(s.threads.size(), 2u);
}

TEST_F(SamplerFixture, MeminfoAndCpuModelFromTheFixture) {
    EXPECT_EQ(oversub::machine::memTotalBytes(root_.string()), 24684092ull * 1024);
    EXPECT_EQ(oversub::machine::memAvailableBytes(root_.string()), 24302096ull * 1024);
    EXPECT_EQ(oversub::machine::cpuModel(root_.string()), "AMD EPYC 9R14 96-Core Processor");
    fs::remove(root_ / "meminfo");
    EXPECT_FALSE(oversub::machine::memAvailableBytes(root_.string()).has_value());
}

TEST_F(SamplerFixture, ReadingEverythingReadsStatusOfThreadsThatDidNotRun) {
    ThreadSamplerOptions everything;
    everything.skipUnchangedThreads = false;
    Sampler sampler(root_.string(), everything);
    sampler.watchProcess(4242, 0);
    sampler.sampleAt(kT0Ns);
    // 4243's schedstat stays the same; its status changes.
    const fs::path status = root_ / "4242/task/4243/status";
    std::string text = readText(status);
    const size_t at = text.find("voluntary_ctxt_switches:");
    ASSERT_NE(at, std::string::npos);
    const size_t value = text.find_first_of("0123456789", at);
    const size_t end = text.find('\n', value);
    text.replace(value, end - value, "99");
    std::ofstream(status, std::ios::trunc) << text;
    EXPECT_EQ(find(sampler.sampleAt(kT1Ns), 4243)->voluntaryCtxSwitches, 99u);
}

// User and system never trade places: a thread whose time grew only in one
// mode, read from stat (the fresh path), gets all of it in that mode's share.
TEST_F(SamplerFixture, ThreadTimeGrownInOneModeOnlyIsThatModesShare) {
    Sampler sampler(root_.string());
    ASSERT_TRUE(sampler.watchProcess(4242, 0));
    sampler.sampleAt(kT0Ns);
    const fs::path task = root_ / "4242/task/4242";
    const std::string t0 = readText(task / "stat"); // utime 100, stime 20
    auto withTimes = [&](const std::string& utime, const std::string& stime) {
        std::string stat = t0;
        const std::string times = " 100 20 ";
        const size_t at = stat.find(times);
        EXPECT_NE(at, std::string::npos) << stat;
        stat.replace(at, times.size(), " " + utime + " " + stime + " ");
        std::ofstream(task / "stat", std::ios::trunc) << stat;
    };
    // Only stime grew (10 ticks): all system. Schedstat moved, so it ran.
    withTimes("100", "30");
    std::ofstream(task / "schedstat", std::ios::trunc) << "1100000000 200000000 51\n";
    const ThreadSample* kernel = find(sampler.sampleAt(kT1Ns), 4242);
    ASSERT_NE(kernel, nullptr);
    ASSERT_TRUE(kernel->stateIsFresh);
    EXPECT_DOUBLE_EQ(kernel->user, 0.0);
    EXPECT_DOUBLE_EQ(kernel->system, 10 / kClockTicks / 0.5);
    // Then only utime grew (10 ticks): all user.
    withTimes("110", "30");
    std::ofstream(task / "schedstat", std::ios::trunc) << "1200000000 200000000 52\n";
    const ThreadSample* user = find(sampler.sampleAt(kT1Ns + 500'000'000), 4242);
    ASSERT_NE(user, nullptr);
    ASSERT_TRUE(user->stateIsFresh);
    EXPECT_DOUBLE_EQ(user->user, 10 / kClockTicks / 0.5);
    EXPECT_DOUBLE_EQ(user->system, 0.0);
}

// The same for a CPU's ticks in /proc/stat (user is column 1, system column 3).
TEST_F(SamplerFixture, CpuTicksInOneModeOnlyAreThatModesShare) {
    ProcStatReader reader(root_.string());
    std::ofstream(root_ / "stat", std::ios::trunc)
        << "cpu  0 0 0 0\ncpu0 1000 0 500 8000 0 0 0 0 0 0\ncpu1 1000 0 500 8000 0 0 0 0 0 0\nintr 1\n";
    ASSERT_TRUE(reader.update());
    // cpu0: 60 system ticks, cpu1: 60 user ticks, each with 40 idle.
    std::ofstream(root_ / "stat", std::ios::trunc)
        << "cpu  0 0 0 0\ncpu0 1000 0 560 8040 0 0 0 0 0 0\ncpu1 1060 0 500 8040 0 0 0 0 0 0\nintr 1\n";
    ASSERT_TRUE(reader.update());
    const auto shares = reader.shares();
    ASSERT_EQ(shares.size(), 2u);
    EXPECT_DOUBLE_EQ(shares[0].system, 0.6);
    EXPECT_DOUBLE_EQ(shares[0].user, 0.0);
    EXPECT_DOUBLE_EQ(shares[1].user, 0.6);
    EXPECT_DOUBLE_EQ(shares[1].system, 0.0);
}
