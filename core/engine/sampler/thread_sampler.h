#pragma once
// Per-thread samples of a set of watched processes (workers of a run, or an
// attached program and its descendants), read from /proc/PID/task/TID.
//
// Files stay open and are re-read with pread; a warm sampler does not
// allocate. On each tick it reads as little as keeps every share exact: a
// process whose CPU clock did not move is skipped, a thread whose schedstat
// did not move keeps its last stat, status is read at most every
// `statusEveryTicks` ticks; with `skipUnchangedThreads = false` every file
// is read every tick. docs/sampler.md says what is read when, why, and what
// each read costs. Threads and processes that vanish are dropped without
// error; a process is dropped once all its threads are gone or are zombies.

#include "events/samples.h"
#include "sampler/exit_watch.h"
#include "sampler/proc_file.h"
#include "sampler/proc_parse.h"
#include "sampler/thread_affinity.h"

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace oversub::sampler {

struct ThreadSamplerOptions {
    int taskRescanEveryTicks = 10; // rescan task dirs at least this often
    int refreshEveryTicks = 10; // re-read stat of idle threads at least this often
    int statusEveryTicks = 5; // context switches of running threads at most this often
    bool skipUnchangedThreads = true; // see above; false reads everything every tick
    bool gateOnProcessCpuClock = true; // skip processes whose CPU clock did not move
    bool cpuFromSinglePuAffinity = true; // a running thread allowed one PU is shown there without stat
};

class ThreadSampler {
public:
    explicit ThreadSampler(std::string procRoot = "/proc", ThreadSamplerOptions options = {});
    ~ThreadSampler();
    ThreadSampler(const ThreadSampler&) = delete;
    ThreadSampler& operator=(const ThreadSampler&) = delete;

    // Starts watching every thread of `pid`, present and future; `worker` is
    // copied into its samples (-1 for a process that is not a worker).
    // Returns false when the process does not exist (already gone is not an
    // error). Watching a pid again only updates its worker index.
    bool watchProcess(int pid, int worker);
    void unwatchProcess(int pid);
    void unwatchAll();
    bool isWatching(int pid) const;
    std::vector<int> watchedPids() const;
    size_t watchedThreadCount() const;

    // Reads every watched thread and replaces `out` with one sample per live
    // thread (by pid as watched, then by tid). Shares are over
    // `intervalSeconds`; with 0 (the first tick) and for a thread seen for the
    // first time they are 0 and only the cumulative totals are filled.
    void sample(double intervalSeconds, std::vector<ThreadSample>& out);

private:
    struct Thread {
        int tid = 0;
        KeptOpenFile stat, schedstat, status;
        TaskStatFields lastStat;
        SchedstatFields lastSchedstat;
        CtxSwitchCounts lastCtxSwitches;
        uint64_t statusReadTick = 0;
        uint64_t affinityTick = 0; // 0: never checked
        int singlePu = SinglePuAffinity::kSeveral; // at the latest affinity check
        double userFraction = -1; // utime / (utime + stime) of the latest growth stat showed
        bool ctxSwitchesStale = true; // switched since status was last read
        bool ranLastTick = false;
        bool statStale = false; // ran on a tick whose stat was not read
        bool primed = false; // has values from an earlier tick to take deltas against
        bool seen = false; // listed by the latest task-dir scan
        bool gone = false;
    };
    struct Process {
        int pid = 0;
        int worker = -1;
        KeptOpenFile taskDir;
        uint64_t taskLinkCount = 0;
        uint64_t rescanTick = 0;
        bool scanned = false;
        bool gone = false; // exited (or zombie): removed at the end of the tick
        bool hasCpuClock = false;
        clockid_t cpuClock = 0;
        int64_t lastCpuClockNs = -1;
        int ticksRunning = 0; // consecutive ticks on which some thread's schedstat moved
        bool exitWatched = false; // its exit is seen through ExitWatch
        bool exited = false; // ExitWatch says so this tick
        std::vector<Thread> threads; // ascending tid
    };

    bool readStat(Thread& thread, TaskStatFields& stat);
    bool rescanTasks(Process& process);
    bool openThread(Process& process, int tid, Thread& thread);
    bool processRan(Process& process) const;
    int pinnedCpu(Thread& thread);
    // Returns whether the thread ran (its schedstat moved, or first sight).
    bool sampleThread(const Process& process, Thread& thread, double intervalSeconds, bool processRan,
                      std::vector<ThreadSample>& out);

    std::string procRoot_;
    ThreadSamplerOptions options_;
    bool useCpuClockGate_ = false;
    bool useAffinity_ = false;
    SinglePuAffinity affinity_;
    ExitWatch exits_;
    std::vector<pid_t> exitedPids_;
    double clockTicksPerSecond_;
    uint64_t tick_ = 0;
    std::vector<Process> processes_;
    std::vector<char> readBuffer_;
    std::vector<char> direntBuffer_;
};

} // namespace oversub::sampler
