#pragma once
// Per-thread samples of a set of watched processes (workers of a run, or an
// attached program and its descendants), read from /proc/PID/task/TID.
//
// Files stay open and are re-read with pread; a warm sampler does not
// allocate (threads appearing or vanishing are the exception). What is read
// on each tick, and why:
//   - fstat of /proc/PID/task (its link count is 2 + number of threads): a
//     changed count triggers a rescan of the task directory, and it is
//     rescanned every `taskRescanEveryTicks` anyway (a thread that exits and
//     one that starts within one interval leave the count unchanged).
//   - the process's CPU clock (clock_gettime on clock_getcpuclockid(pid):
//     the sum of its threads' run time in ns). When it did not move, none of
//     the threads was on a CPU, so their files are not read at all this tick
//     (except the staggered refresh below). Only with the live /proc.
//   - schedstat of every thread of a process that ran (0.6-3 us): run time
//     and run-queue wait in ns, and the number of times it was put on a CPU.
//     A thread waiting in the run queue has its wait added only when it gets
//     a CPU, so skipping it while nothing ran loses nothing.
//   - stat (2-3 us: state, last CPU, utime/stime) only for threads whose
//     schedstat moved, plus each idle thread once every `refreshEveryTicks`
//     (staggered by tid). A thread whose schedstat did not move has not been
//     on a CPU since the last read: its CPU, utime/stime and context-switch
//     counts cannot have changed, it was asleep or waiting the whole time.
//     Only its state can be stale (a sleeper woken but not yet run still
//     shows S); `stateIsFresh` says whether stat was read this tick.
//   - status (6-7 us, the most expensive file: voluntary and involuntary
//     context switches) of a thread that ran, at most every
//     `statusEveryTicks` ticks (default 5: 4 Hz at 20 Hz sampling). The
//     counts are cumulative and a thread that ran is always read again
//     later, so this only coarsens their timing: take rates over several
//     ticks. 64 threads that all run every tick cost ~1.8% of a core at
//     20 Hz with status every tick, ~1.1% with every 5th; 64 sleeping
//     threads ~0.25% (bench_sampler, this 2-vCPU box).
//   With `skipUnchangedThreads = false` every file is read every tick.
// Threads and processes that vanish are dropped without error; a process is
// dropped once all its threads are gone or are zombies.

#include "sampler/proc_file.h"
#include "sampler/proc_parse.h"
#include "sampler/samples.h"

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace oversub::sampler {

struct ThreadSamplerOptions {
    int taskRescanEveryTicks = 10;   // rescan task dirs at least this often
    int refreshEveryTicks = 10;      // re-read stat of idle threads at least this often
    int statusEveryTicks = 5;        // context switches of running threads at most this often
    bool skipUnchangedThreads = true; // see above; false reads everything every tick
    bool gateOnProcessCpuClock = true; // skip processes whose CPU clock did not move
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
        bool ctxSwitchesStale = true; // ran since status was last read
        bool primed = false; // has values from an earlier tick to take deltas against
        bool seen = false;   // listed by the latest task-dir scan
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
        std::vector<Thread> threads; // ascending tid
    };

    bool rescanTasks(Process& process);
    bool openThread(Process& process, int tid, Thread& thread);
    bool processRan(Process& process) const;
    void sampleThread(const Process& process, Thread& thread, double intervalSeconds,
                      bool processRan, std::vector<ThreadSample>& out);

    std::string procRoot_;
    ThreadSamplerOptions options_;
    bool useCpuClockGate_ = false;
    double clockTicksPerSecond_;
    uint64_t tick_ = 0;
    std::vector<Process> processes_;
    std::vector<char> readBuffer_;
    std::vector<char> direntBuffer_;
};

} // namespace oversub::sampler
