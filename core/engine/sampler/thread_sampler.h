#pragma once
// Per-thread samples of a set of watched processes (workers of a run, or an
// attached program and its descendants), read from /proc/PID/task/TID.
//
// Files stay open and are re-read with pread; a warm sampler does not
// allocate (threads appearing or vanishing are the exception). Past the
// process's cap on kept descriptors (proc_file.h) a thread's files are opened
// again for each read; a tid may then name a newer thread than the one
// sampled so far, so stat is read first on any tick its other files are,
// and a start time other than before drops the old thread (as ESRCH on a
// kept file does; the next task-directory scan finds the new one). Costs below
// are per thread (or process) per tick at 20 Hz on the 2-vCPU box, where the
// caches are cold at each tick; a tight loop on one file costs 3-4x less.
// What is read on each tick, and why:
//   - one epoll_wait over a pidfd per process (ExitWatch): which processes
//     exited. Their threads' stat is read that tick, so an exit shows (state
//     Z, then the process dropped) even where stat is otherwise skipped.
//   - the process's CPU clock (clock_gettime on clock_getcpuclockid(pid),
//     ~0.9 us: the sum of its threads' run time in ns). When it did not move,
//     none of the threads was on a CPU, and none started or exited (that
//     takes running), so neither the task directory nor the threads' files
//     are read this tick (except the staggered refresh below). A process
//     that ran on each of the last two ticks is not asked (its clock would
//     move): its threads' schedstat answers. Only with the live /proc.
//   - fstat of /proc/PID/task (~1.4 us; its link count is 2 + number of
//     threads) of a process that may have run: a changed count triggers a
//     rescan of the task directory, and it is rescanned every
//     `taskRescanEveryTicks` ticks it runs anyway (a thread that exits and
//     one that starts within one interval leave the count unchanged).
//   - schedstat of every thread of a process that ran (~1.9 us): run time
//     and run-queue wait in ns, and the number of times it was put on a CPU.
//     A thread waiting in the run queue has its wait added only when it gets
//     a CPU, so skipping it while nothing ran loses nothing.
//   - sched_getaffinity(tid) (~0.65 us, SinglePuAffinity) of
//     a thread that ran and was allowed a single PU at its previous check
//     (other threads: every `refreshEveryTicks` ticks they run). Allowed
//     the same single PU at both checks, it ran there: its CPU is known.
//   - stat (~4.5 us: state, last CPU, utime/stime) of a thread that ran and
//     whose CPU is not known from its affinity, of the threads of an exited
//     process, and of each thread once every `refreshEveryTicks` (staggered
//     by tid). A thread whose schedstat did not move has not been on a CPU
//     since the last read: its CPU, utime/stime and context-switch counts
//     cannot have changed, only its state (a sleeper woken but not yet run
//     still shows S). A running thread bound to one PU keeps the state and
//     utime/stime of the last read, and its user/system shares split its
//     run share (schedstat, exact) in the latest utime:stime ratio, as the
//     kernel itself splits run time. `stateIsFresh` says whether stat was
//     read this tick. 64 bound threads running every tick: ~0.6-0.7% of a
//     core instead of ~1% (bench_sampler).
//   - status (~8 us, the most expensive file: voluntary and involuntary
//     context switches) of a thread that may have switched, at most every
//     `statusEveryTicks` ticks (default 5: 4 Hz at 20 Hz sampling). A switch
//     takes the thread off its CPU, and it is either put back on one
//     (schedstat's timeslices grow) or seen not running on a later tick;
//     a thread that ran without either (a worker alone on its PU) has the
//     same counts and its status is not read. The counts are cumulative and
//     a thread that switched is always read again later, so this only
//     coarsens their timing: take rates over several ticks. 64 unbound
//     threads that all run every tick cost ~1.5% of a core at 20 Hz with
//     status every tick, ~1% with every 5th; 64 sleeping threads ~0.25%
//     (bench_sampler).
//   With `skipUnchangedThreads = false` every file is read every tick.
// The floor: /proc/stat (Sampler, ~29 us a tick at 20 Hz) plus one schedstat
// read per running thread (~1.9 us) is ~150 us a tick, 0.3% of a core, for
// 64 threads that all run every tick; their run and run-queue wait shares
// stay exact per tick only at that price.
// Threads and processes that vanish are dropped without error; a process is
// dropped once all its threads are gone or are zombies.

#include "sampler/exit_watch.h"
#include "sampler/proc_file.h"
#include "sampler/proc_parse.h"
#include "events/samples.h"
#include "sampler/thread_affinity.h"

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
        bool statStale = false;       // ran on a tick whose stat was not read
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
        int ticksRunning = 0;     // consecutive ticks on which some thread's schedstat moved
        bool exitWatched = false; // its exit is seen through ExitWatch
        bool exited = false;      // ExitWatch says so this tick
        std::vector<Thread> threads; // ascending tid
    };

    bool readStat(Thread& thread, TaskStatFields& stat);
    bool rescanTasks(Process& process);
    bool openThread(Process& process, int tid, Thread& thread);
    bool processRan(Process& process) const;
    int pinnedCpu(Thread& thread);
    // Returns whether the thread ran (its schedstat moved, or first sight).
    bool sampleThread(const Process& process, Thread& thread, double intervalSeconds,
                      bool processRan, std::vector<ThreadSample>& out);

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
