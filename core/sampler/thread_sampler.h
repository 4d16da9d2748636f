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
//   - schedstat of every thread (0.8 us): run time and run-queue wait in ns,
//     and the number of times the thread was put on a CPU.
//   - stat (3 us: state, last CPU, utime/stime) and status (7 us: voluntary
//     and involuntary context switches) only for threads whose schedstat
//     moved, plus every thread every `refreshEveryTicks`. A thread whose
//     schedstat did not move has not been on a CPU since the last read: its
//     CPU, utime/stime and context-switch counts cannot have changed, and it
//     was asleep or waiting the whole time. Only its state can be stale (a
//     sleeper woken but not yet run still shows S); `stateIsFresh` says so.
//     With `skipUnchangedThreads = false` every file is read every tick.
// Threads and processes that vanish are dropped without error; a process is
// dropped once all its threads are gone or are zombies.

#include "sampler/proc_file.h"
#include "sampler/proc_parse.h"
#include "sampler/samples.h"

#include <cstdint>
#include <string>
#include <vector>

namespace oversub::sampler {

struct ThreadSamplerOptions {
    int taskRescanEveryTicks = 10;   // rescan task dirs at least this often
    int refreshEveryTicks = 10;      // read stat/status of idle threads at least this often
    bool skipUnchangedThreads = true; // see above; false reads everything every tick
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
        uint64_t statReadTick = 0;
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
        std::vector<Thread> threads; // ascending tid
    };

    bool rescanTasks(Process& process);
    bool openThread(Process& process, int tid, Thread& thread);
    void sampleThread(const Process& process, Thread& thread, double intervalSeconds,
                      std::vector<ThreadSample>& out);

    std::string procRoot_;
    ThreadSamplerOptions options_;
    double clockTicksPerSecond_;
    uint64_t tick_ = 0;
    std::vector<Process> processes_;
    std::vector<char> readBuffer_;
    std::vector<char> direntBuffer_;
};

} // namespace oversub::sampler
