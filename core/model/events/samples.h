#pragma once
// What one tick of the sampler saw: per-CPU time shares from /proc/stat and,
// for every watched thread, where it last ran, its state and how its CPU time
// and run-queue wait grew since the previous tick. Plain data: the sampler
// fills it, the event stream serialises it, the window draws it.
//
// Units are in the names. Shares are fractions of the interval (0..1).

#include <cstdint>
#include <string>
#include <vector>

namespace oversub::sampler {

// One logical CPU (PU, by OS index) over the last interval. The shares add up
// to ~1 (idle included); they come from /proc/stat deltas, so 1 means the
// CPU spent the whole interval in that state.
struct CpuShare {
    int cpu = -1; // OS index, as in /proc/stat "cpuN"
    double user = 0, nice = 0, system = 0, irq = 0, softirq = 0, steal = 0, iowait = 0, idle = 0;
    double busy() const { return user + nice + system + irq + softirq + steal; }
    bool operator==(const CpuShare&) const = default;
};

// One thread of a watched process over the last interval.
struct ThreadSample {
    int pid = 0;
    int tid = 0;
    int worker = -1; // worker index in the run, -1 when not a worker (e.g. attached process)
    int cpu = -1; // PU it last ran on (stat field 39), or the one PU it may run on
    char state = '?'; // R, S, D, Z, T, ... (field 3)
    double user = 0; // share of the interval in user mode (utime delta / interval; see stateIsFresh)
    double system = 0; // share of the interval spent in kernel mode
    double run = 0; // share of the interval on a CPU, from schedstat run-ns (finer than utime)
    double runqWait = 0; // share of the interval runnable but waiting for a CPU (schedstat wait-ns)
    uint64_t runNsTotal = 0; // cumulative schedstat run time
    uint64_t runqWaitNsTotal = 0; // cumulative schedstat run-queue wait
    uint64_t voluntaryCtxSwitches = 0; // cumulative, from /proc/PID/task/TID/status
    uint64_t involuntaryCtxSwitches = 0; // cumulative
    uint64_t utimeTicksTotal = 0; // cumulative utime, clock ticks (stat field 14)
    uint64_t stimeTicksTotal = 0; // cumulative stime, clock ticks (stat field 15)
    uint64_t timeslicesTotal = 0; // cumulative times put on a CPU (schedstat field 3)
    // False when stat was not read this tick: state and the utime/stime
    // totals are from an earlier tick, either because the thread has not
    // been on a CPU since or because it runs bound to one PU (then cpu is
    // that PU and user/system split `run` in the latest ratio stat showed;
    // see thread_sampler.h). cpu is current either way.
    bool stateIsFresh = true;
    bool operator==(const ThreadSample&) const = default;
};

struct Snapshot {
    double tSeconds = 0; // since the start of the run (or of watching), monotonic clock
    double intervalSeconds = 0; // length of the interval the shares cover
    int64_t monotonicNs = 0; // CLOCK_MONOTONIC when the sample was taken
    std::vector<CpuShare> cpus;
    std::vector<ThreadSample> threads;
    bool operator==(const Snapshot&) const = default;
};

} // namespace oversub::sampler
