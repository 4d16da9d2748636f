// The sampler's own CPU cost with 64 watched threads at 20 Hz (goal: under
// 0.3% of one core). The targets:
//   - one process of 64 threads, all asleep (the usual idle case: idle BLAS
//     pool threads, a Pool waiting for work);
//   - one process of 64 threads (the main one included) waking every 10 ms,
//     unbound (every thread's schedstat moves each tick: the worst case for
//     skipping unchanged threads), and the same with each thread bound to
//     one PU (alternately PU 0 and PU 1 of the 2-vCPU box);
//   - 64 single-threaded worker processes bound alternately to PU 0/1, all
//     computing (spinning), as in a run of 64 one-thread workers; and the
//     same 64 processes asleep;
//   - the sleeping and the waking process with every thread file past the
//     kept-descriptor cap (sampler/proc_file.h): opened for each read, and
//     stat read before the others to tell a reused tid.
// Each configuration is sampled for a few seconds, all interleaved round by
// round; only the measured target runs (the others are stopped). The CPU time
// of the sample() calls is taken with CLOCK_THREAD_CPUTIME_ID; the whole
// process's CPU (getrusage, includes the sleeps' wake-ups) is shown beside it.
//
// Ratios between configurations measured in one run are what to compare:
// the box's load moves every figure by +-20% between runs.
//
//   bench_sampler [seconds-per-round=2] [rounds=3] [configuration-name-filter]

#include "sampler/proc_file.h"
#include "sampler/process_tree.h"
#include "sampler/sampler.h"

#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <pthread.h>
#include <string>
#include <vector>

using namespace oversub::sampler;

namespace {

constexpr int kThreads = 64;
constexpr double kRateHz = 20;

double cpuSeconds(clockid_t clock) {
    timespec ts{};
    ::clock_gettime(clock, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double processCpuSeconds() {
    rusage ru{};
    ::getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

void* sleeper(void*) {
    for (;;) ::pause();
    return nullptr;
}

void* waker(void*) {
    const timespec tenMs{0, 10'000'000};
    for (;;) ::nanosleep(&tenMs, nullptr);
    return nullptr;
}

[[noreturn]] void spin() {
    volatile uint64_t sink = 0;
    for (;;) sink = sink + 1;
}

void bindTo(pid_t tid, int pu) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(pu, &one);
    if (::sched_setaffinity(tid, sizeof one, &one) != 0) std::exit(1);
}

// PU 0, 1, 0, 1, ... (as many as the machine has online).
int puFor(int index) {
    static const long online = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
    return static_cast<int>(index % online);
}

enum class Kind { Sleeping, Waking, WakingBound };

// A child with `kThreads` threads in total; returns once they all exist.
// WakingBound binds each thread (the main one included) to one PU.
pid_t spawnThreads(Kind kind) {
    int ready[2];
    if (::pipe(ready) != 0) std::exit(1);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(ready[0]);
        for (int i = 0; i < kThreads - 1; ++i) {
            pthread_t t;
            pthread_attr_t attr;
            pthread_attr_init(&attr);
            pthread_attr_setstacksize(&attr, 64 * 1024);
            if (kind == Kind::WakingBound) {
                cpu_set_t one;
                CPU_ZERO(&one);
                CPU_SET(puFor(i + 1), &one);
                pthread_attr_setaffinity_np(&attr, sizeof one, &one);
            }
            if (pthread_create(&t, &attr, kind == Kind::Sleeping ? sleeper : waker, nullptr) != 0) ::_exit(1);
        }
        if (kind == Kind::WakingBound) bindTo(0, puFor(0));
        const char ok = 1;
        if (::write(ready[1], &ok, 1) != 1) ::_exit(1);
        if (kind == Kind::Sleeping)
            for (;;) ::pause();
        waker(nullptr);
        ::_exit(0);
    }
    ::close(ready[1]);
    char ok = 0;
    if (::read(ready[0], &ok, 1) != 1) std::exit(1);
    ::close(ready[0]);
    return pid;
}

// `kThreads` single-threaded processes, each bound to one PU (alternating),
// spinning or asleep.
std::vector<pid_t> spawnWorkers(bool spinning) {
    std::vector<pid_t> pids;
    for (int i = 0; i < kThreads; ++i) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            bindTo(0, puFor(i));
            if (spinning) spin();
            for (;;) ::pause();
        }
        pids.push_back(pid);
    }
    return pids;
}

void signalAll(const std::vector<pid_t>& pids, int signal) {
    for (pid_t pid : pids) ::kill(pid, signal);
}

struct Measured {
    double sampleCpuUs = 0; // CPU time of one sample() call
    double sampleCorePercent = 0; // of one core at 20 Hz
    double processCorePercent = 0;
    size_t threadsSeen = 0;
};

Measured measure(const std::vector<pid_t>& target, const ThreadSamplerOptions& options, double seconds) {
    Sampler sampler("/proc", options);
    for (size_t i = 0; i < target.size(); ++i) sampler.watchProcess(target[i], static_cast<int>(i));
    sampler.sample(); // opens every file: not part of the steady state
    const int ticks = static_cast<int>(seconds * kRateHz);
    const int64_t periodNs = static_cast<int64_t>(1e9 / kRateHz);
    timespec next{};
    ::clock_gettime(CLOCK_MONOTONIC, &next);
    double sampleCpu = 0;
    const double processStart = processCpuSeconds();
    const double wallStart = static_cast<double>(monotonicNowNs()) / 1e9;
    size_t seen = 0;
    for (int i = 0; i < ticks; ++i) {
        next.tv_nsec += periodNs;
        while (next.tv_nsec >= 1'000'000'000) {
            next.tv_nsec -= 1'000'000'000;
            ++next.tv_sec;
        }
        ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
        const double before = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
        seen = sampler.sample().threads.size();
        sampleCpu += cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - before;
    }
    const double wall = static_cast<double>(monotonicNowNs()) / 1e9 - wallStart;
    Measured m;
    m.sampleCpuUs = sampleCpu / ticks * 1e6;
    m.sampleCorePercent = m.sampleCpuUs * 1e-6 * kRateHz * 100;
    m.processCorePercent = (processCpuSeconds() - processStart) / wall * 100;
    m.threadsSeen = seen;
    return m;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    const std::string filter = argc > 3 ? argv[3] : "";

    const std::vector<pid_t> sleeping{spawnThreads(Kind::Sleeping)};
    const std::vector<pid_t> waking{spawnThreads(Kind::Waking)};
    const std::vector<pid_t> wakingBound{spawnThreads(Kind::WakingBound)};
    const std::vector<pid_t> busyWorkers = spawnWorkers(true);
    const std::vector<pid_t> idleWorkers = spawnWorkers(false);
    const std::vector<const std::vector<pid_t>*> targets = {&sleeping, &waking, &wakingBound, &busyWorkers,
                                                            &idleWorkers};
    for (const auto* t : targets) signalAll(*t, SIGSTOP);

    ThreadSamplerOptions skip; // default: stat/status only for threads that ran
    ThreadSamplerOptions refresh20 = skip;
    refresh20.refreshEveryTicks = 20;
    ThreadSamplerOptions refreshNever = skip;
    refreshNever.refreshEveryTicks = 1 << 30;
    refreshNever.taskRescanEveryTicks = 1 << 30;
    ThreadSamplerOptions statusEveryTick = skip;
    statusEveryTick.statusEveryTicks = 1;
    ThreadSamplerOptions everything;
    everything.skipUnchangedThreads = false;
    ThreadSamplerOptions cpuFromStat = skip; // a bound thread's CPU read from stat every tick
    cpuFromStat.cpuFromSinglePuAffinity = false;
    ThreadSamplerOptions rare = skip; // stat and status of running threads once a second
    rare.refreshEveryTicks = 20;
    rare.statusEveryTicks = 20;

    struct Config {
        const char* name;
        const std::vector<pid_t>* target;
        ThreadSamplerOptions options;
        std::vector<double> us, core, process;
        size_t threads = 0;
        bool reopen = false; // past the kept-descriptor cap: every file opened for each read
    };
    std::vector<Config> configs = {
        {"64 sleeping, skip unchanged (default)", &sleeping, skip, {}, {}, {}},
        {"64 sleeping, refresh idle every 20", &sleeping, refresh20, {}, {}, {}},
        {"64 sleeping, no refresh, no rescan", &sleeping, refreshNever, {}, {}, {}},
        {"64 sleeping, read all every tick", &sleeping, everything, {}, {}, {}},
        {"64 sleeping, files reopened (fd cap)", &sleeping, skip, {}, {}, {}, 0, true},
        {"64 sleeping workers (64 procs), default", &idleWorkers, skip, {}, {}, {}},
        {"64 waking /10ms, skip unchanged (default)", &waking, skip, {}, {}, {}},
        {"64 waking /10ms, skip, status every tick", &waking, statusEveryTick, {}, {}, {}},
        {"64 waking /10ms, read all every tick", &waking, everything, {}, {}, {}},
        {"64 waking /10ms, files reopened (fd cap)", &waking, skip, {}, {}, {}, 0, true},
        {"64 waking bound /10ms, default", &wakingBound, skip, {}, {}, {}},
        {"64 waking bound /10ms, CPU from stat", &wakingBound, cpuFromStat, {}, {}, {}},
        {"64 waking bound /10ms, stat+status /20", &wakingBound, rare, {}, {}, {}},
        {"64 busy workers bound (64 procs), default", &busyWorkers, skip, {}, {}, {}},
        {"64 busy workers bound, CPU from stat", &busyWorkers, cpuFromStat, {}, {}, {}},
        {"64 busy workers bound, stat+status /20", &busyWorkers, rare, {}, {}, {}},
    };
    std::erase_if(configs, [&](const Config& c) { return std::string(c.name).find(filter) == std::string::npos; });
    for (int r = 0; r < rounds; ++r)
        for (auto& c : configs) {
            signalAll(*c.target, SIGCONT);
            ::usleep(100'000); // let them all run (or fall asleep) first
            if (c.reopen) setKeptFileCap(0); // no thread file kept
            else resetKeptFileCap();
            const Measured m = measure(*c.target, c.options, seconds);
            signalAll(*c.target, SIGSTOP);
            c.us.push_back(m.sampleCpuUs);
            c.core.push_back(m.sampleCorePercent);
            c.process.push_back(m.processCorePercent);
            c.threads = m.threadsSeen;
        }

    // Machine-wide pieces, for scale.
    ProcStatReader procStat;
    procStat.update();
    double before = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    for (int i = 0; i < 1000; ++i) procStat.update();
    const double procStatUs = (cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - before) / 1000 * 1e6;
    before = cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    size_t processes = 0;
    for (int i = 0; i < 20; ++i) processes = listProcesses().size();
    const double treeUs = (cpuSeconds(CLOCK_THREAD_CPUTIME_ID) - before) / 20 * 1e6;

    for (const auto* t : targets) {
        signalAll(*t, SIGKILL);
        for (pid_t pid : *t) ::waitpid(pid, nullptr, 0);
    }

    std::printf("sampler cost at %.0f Hz, %d rounds x %.1f s, medians (goal: < 0.3%% of one core)\n", kRateHz, rounds,
                seconds);
    std::printf("%-42s %8s %12s %14s %8s\n", "configuration", "us/tick", "core%(calls)", "core%(process)", "threads");
    for (const auto& c : configs)
        std::printf("%-42s %8.1f %12.3f %14.3f %8zu\n", c.name, median(c.us), median(c.core), median(c.process),
                    c.threads);
    std::printf("/proc/stat alone: %.1f us per read; process tree scan: %.0f us for %zu processes\n", procStatUs,
                treeUs, processes);
    return 0;
}
