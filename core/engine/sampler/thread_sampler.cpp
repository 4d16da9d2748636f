#include "sampler/thread_sampler.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace oversub::sampler {
namespace {

uint64_t saturatingSub(uint64_t now, uint64_t before) { return now > before ? now - before : 0; }

bool sameSchedstat(const SchedstatFields& a, const SchedstatFields& b) {
    return a.runNs == b.runNs && a.runqWaitNs == b.runqWaitNs && a.timeslices == b.timeslices;
}

bool isDead(char state) { return state == 'Z' || state == 'X' || state == 'x'; }

bool parseTid(const char* name, int& tid) {
    const char* end = name + std::strlen(name);
    const auto [ptr, ec] = std::from_chars(name, end, tid);
    return ec == std::errc() && ptr == end && ptr != name && tid > 0;
}

} // namespace

ThreadSampler::ThreadSampler(std::string procRoot, ThreadSamplerOptions options)
    : procRoot_(std::move(procRoot)), options_(options),
      clockTicksPerSecond_(static_cast<double>(::sysconf(_SC_CLK_TCK))), readBuffer_(4096), direntBuffer_(16384) {
    if (clockTicksPerSecond_ <= 0) clockTicksPerSecond_ = 100; // Linux's fixed USER_HZ
    options_.taskRescanEveryTicks = std::max(1, options_.taskRescanEveryTicks);
    options_.refreshEveryTicks = std::max(1, options_.refreshEveryTicks);
    options_.statusEveryTicks = std::max(1, options_.statusEveryTicks);
    // The CPU clock is the live kernel's: a replayed tree has no such pids.
    useCpuClockGate_ = options_.skipUnchangedThreads && options_.gateOnProcessCpuClock && procRoot_ == "/proc";
    // Affinity is asked of the live kernel by tid: no use on a replayed tree.
    useAffinity_ = options_.skipUnchangedThreads && options_.cpuFromSinglePuAffinity && procRoot_ == "/proc";
}

ThreadSampler::~ThreadSampler() = default;

// The process's CPU clock (the sum of every thread's run time in ns, readable
// for any pid without permission checks) tells in one call whether any of
// its threads was on a CPU since the last tick; when it did not move, no
// thread's schedstat can have moved either.
bool ThreadSampler::processRan(Process& process) const {
    if (!process.hasCpuClock) return true;
    timespec ts{};
    if (::clock_gettime(process.cpuClock, &ts) != 0) return true; // gone: let the reads find out
    const int64_t ns = static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    const bool moved = ns != process.lastCpuClockNs;
    process.lastCpuClockNs = ns;
    return moved;
}

bool ThreadSampler::watchProcess(int pid, int worker) {
    for (auto& p : processes_)
        if (p.pid == pid) {
            p.worker = worker;
            return true;
        }
    if (pid <= 0) return false;
    Process process;
    process.pid = pid;
    process.worker = worker;
    const std::string taskDir = procRoot_ + "/" + std::to_string(pid) + "/task";
    if (!process.taskDir.open(AT_FDCWD, taskDir.c_str())) return false;
    process.hasCpuClock = useCpuClockGate_ && ::clock_getcpuclockid(pid, &process.cpuClock) == 0;
    process.exitWatched = useAffinity_ && exits_.watch(pid);
    processes_.push_back(std::move(process));
    return true;
}

void ThreadSampler::unwatchProcess(int pid) {
    exits_.unwatch(pid);
    std::erase_if(processes_, [pid](const Process& p) { return p.pid == pid; });
}

void ThreadSampler::unwatchAll() {
    exits_.unwatchAll();
    processes_.clear();
}

bool ThreadSampler::isWatching(int pid) const {
    return std::any_of(processes_.begin(), processes_.end(), [pid](const Process& p) { return p.pid == pid; });
}

std::vector<int> ThreadSampler::watchedPids() const {
    std::vector<int> pids;
    for (const auto& p : processes_) pids.push_back(p.pid);
    return pids;
}

size_t ThreadSampler::watchedThreadCount() const {
    size_t n = 0;
    for (const auto& p : processes_) n += p.threads.size();
    return n;
}

bool ThreadSampler::openThread(Process& process, int tid, Thread& thread) {
    char path[48];
    thread.tid = tid;
    // Past the descriptor cap (proc_file.h) the files are opened again for
    // each read, relative to the task directory, which the process keeps.
    std::snprintf(path, sizeof path, "%d/stat", tid);
    if (!thread.stat.openOrReopen(process.taskDir.fd(), path)) return false; // already gone
    // schedstat needs CONFIG_SCHED_INFO; without it run/runqWait stay 0.
    std::snprintf(path, sizeof path, "%d/schedstat", tid);
    thread.schedstat.openOrReopen(process.taskDir.fd(), path);
    std::snprintf(path, sizeof path, "%d/status", tid);
    thread.status.openOrReopen(process.taskDir.fd(), path);
    return true;
}

// Lists the task directory again with getdents64 into a reused buffer (no
// DIR* allocation): new tids get their files opened, tids no longer listed are
// dropped. Returns false when the directory cannot be read (process gone).
bool ThreadSampler::rescanTasks(Process& process) {
    const int fd = process.taskDir.fd();
    if (::lseek(fd, 0, SEEK_SET) < 0) return false;
    for (auto& t : process.threads) t.seen = false;
    size_t listed = 0;
    for (;;) {
        const ssize_t n = ::getdents64(fd, direntBuffer_.data(), direntBuffer_.size());
        if (n < 0) return false;
        if (n == 0) break;
        for (ssize_t at = 0; at < n;) {
            const auto* entry = reinterpret_cast<const dirent64*>(direntBuffer_.data() + at);
            at += entry->d_reclen;
            int tid = 0;
            if (!parseTid(entry->d_name, tid)) continue;
            ++listed;
            auto it = std::lower_bound(process.threads.begin(), process.threads.end(), tid,
                                       [](const Thread& t, int id) { return t.tid < id; });
            if (it != process.threads.end() && it->tid == tid) {
                it->seen = true;
                continue;
            }
            Thread fresh;
            if (!openThread(process, tid, fresh)) continue;
            fresh.seen = true;
            process.threads.insert(it, std::move(fresh));
        }
    }
    std::erase_if(process.threads, [](const Thread& t) { return !t.seen; });
    process.scanned = true;
    process.rescanTick = tick_;
    return listed > 0;
}

// The PU a thread that ran this tick is on when its allowed set is that one
// PU, now and at the previous check (a set that just changed sends the
// sampler to stat, which also covers a thread moved while asleep: the kernel
// changes its "processor" only when it wakes). -1 when not known this way.
// Threads allowed several PUs are checked only every refreshEveryTicks, so
// their cost stays one stat read; one newly bound is noticed within that.
int ThreadSampler::pinnedCpu(Thread& thread) {
    const bool due = thread.singlePu >= 0 || thread.affinityTick == 0 ||
                     tick_ - thread.affinityTick >= static_cast<uint64_t>(options_.refreshEveryTicks);
    if (!due) return -1;
    const int before = thread.singlePu;
    const int pu = affinity_.of(thread.tid);
    thread.singlePu = pu >= 0 ? pu : SinglePuAffinity::kSeveral;
    thread.affinityTick = tick_;
    return pu >= 0 && pu == before ? pu : -1;
}

// stat read now; false when the thread is gone, or when its tid now names
// another thread (a start time other than the one read before; none was
// known when no stat of it could be parsed yet).
bool ThreadSampler::readStat(Thread& thread, TaskStatFields& stat) {
    std::string_view text;
    if (!thread.stat.readAll(readBuffer_, text) || text.empty()) return false;
    if (!parseTaskStat(text, stat)) stat = thread.lastStat;
    const uint64_t before = thread.lastStat.startTicks;
    return !thread.primed || before == 0 || stat.startTicks == before;
}

bool ThreadSampler::sampleThread(const Process& process, Thread& thread, double intervalSeconds, bool processRan,
                                 std::vector<ThreadSample>& out) {
    std::string_view text;
    const bool everything = !thread.primed || !options_.skipUnchangedThreads || !thread.schedstat.isOpen();
    // A kept descriptor stays with its thread (ESRCH once it has gone); a
    // file opened again for each read finds whichever thread has the tid
    // now. Before its other files, stat says whether that is still the one
    // sampled so far (read once a tick, and used below only where stat would
    // be read anyway: the samples are those of kept files).
    TaskStatFields statReadFirst;
    bool statReadFirstValid = false;
    const auto sameThread = [&] {
        if (statReadFirstValid || !thread.primed || thread.stat.isKept()) return true;
        statReadFirstValid = true;
        return readStat(thread, statReadFirst);
    };
    SchedstatFields schedstat = thread.lastSchedstat;
    if (thread.schedstat.isOpen() && (everything || processRan)) {
        if (!sameThread()) {
            thread.gone = true;
            return false;
        }
        if (!thread.schedstat.readAll(readBuffer_, text)) {
            thread.gone = true;
            return false;
        }
        if (!parseSchedstat(text, schedstat)) schedstat = thread.lastSchedstat;
    }
    const bool ran = everything || !sameSchedstat(schedstat, thread.lastSchedstat);
    // A thread that ran is read from stat for its CPU, unless its affinity
    // pins it to one PU. Without stat its state and utime/stime wait for the
    // staggered refresh below, or for its process's exit (ExitWatch; without
    // one, for the first tick the thread no longer runs, so an exit still
    // shows as Z one tick later).
    const int pinned = ran && !everything && useAffinity_ ? pinnedCpu(thread) : -1;
    // Every thread's stat is re-read in turn (offset by tid), so the refresh
    // cost is spread over the ticks instead of landing on one.
    const auto refreshEvery = static_cast<uint64_t>(options_.refreshEveryTicks);
    const bool readStatNow = everything || process.exited || (ran && pinned < 0) ||
                             (!ran && thread.statStale && !process.exitWatched) ||
                             (tick_ + static_cast<uint64_t>(thread.tid)) % refreshEvery == 0;
    // A context switch puts another task on the CPU, and this thread back on
    // one later (schedstat's timeslices + 1) unless it is still off it (seen
    // as not running on the next tick). A thread that ran without either has
    // been on its CPU all along: its counts did not move.
    if (schedstat.timeslices != thread.lastSchedstat.timeslices || (!ran && thread.ranLastTick))
        thread.ctxSwitchesStale = true;
    thread.ranLastTick = ran;
    const auto statusEvery = static_cast<uint64_t>(options_.statusEveryTicks);
    const bool readStatus = everything || (thread.ctxSwitchesStale && tick_ - thread.statusReadTick >= statusEvery);

    TaskStatFields stat = thread.lastStat;
    CtxSwitchCounts ctx = thread.lastCtxSwitches;
    if (readStatNow) {
        if (statReadFirstValid) {
            stat = statReadFirst; // this tick's, read above
        } else if (!readStat(thread, stat)) {
            thread.gone = true;
            return false;
        }
    } else if (pinned >= 0) {
        stat.cpu = pinned;
    }
    if (readStatus && thread.status.isOpen()) {
        if (!sameThread()) {
            thread.gone = true;
            return false;
        }
        if (thread.status.readAll(readBuffer_, text)) parseStatusCtxSwitches(text, ctx);
        thread.statusReadTick = tick_;
        thread.ctxSwitchesStale = false;
    }

    ThreadSample s;
    s.pid = process.pid;
    s.tid = thread.tid;
    s.worker = process.worker;
    s.cpu = stat.cpu;
    s.state = stat.state;
    s.stateIsFresh = readStatNow;
    s.runNsTotal = schedstat.runNs;
    s.runqWaitNsTotal = schedstat.runqWaitNs;
    s.timeslicesTotal = schedstat.timeslices;
    s.voluntaryCtxSwitches = ctx.voluntary;
    s.involuntaryCtxSwitches = ctx.involuntary;
    s.utimeTicksTotal = stat.utimeTicks;
    s.stimeTicksTotal = stat.stimeTicks;
    // utime/stime grew since stat was last read; when ticks without stat
    // came in between, their shares were already given out (below), so this
    // growth only updates the split.
    const uint64_t utime = saturatingSub(stat.utimeTicks, thread.lastStat.utimeTicks);
    const uint64_t stime = saturatingSub(stat.stimeTicks, thread.lastStat.stimeTicks);
    const bool skippedBefore = thread.statStale;
    if (readStatNow && utime + stime > 0)
        thread.userFraction = static_cast<double>(utime) / static_cast<double>(utime + stime);
    if (thread.primed && intervalSeconds > 0) {
        const double ns = 1e9 * intervalSeconds;
        s.run = static_cast<double>(saturatingSub(schedstat.runNs, thread.lastSchedstat.runNs)) / ns;
        s.runqWait = static_cast<double>(saturatingSub(schedstat.runqWaitNs, thread.lastSchedstat.runqWaitNs)) / ns;
        if (readStatNow && !skippedBefore) {
            const double ticks = clockTicksPerSecond_ * intervalSeconds;
            s.user = static_cast<double>(utime) / ticks;
            s.system = static_cast<double>(stime) / ticks;
        } else if (ran) {
            // The kernel itself makes utime + stime add up to the run time
            // and splits it by its tick samples; here the run share is exact
            // and the split is the latest one stat showed (or the totals').
            double fraction = thread.userFraction;
            if (fraction < 0) {
                const uint64_t total = stat.utimeTicks + stat.stimeTicks;
                fraction = total > 0 ? static_cast<double>(stat.utimeTicks) / static_cast<double>(total) : 1.0;
            }
            s.user = s.run * fraction;
            s.system = s.run - s.user;
        }
    }
    if (readStatNow) thread.statStale = false;
    else if (ran) thread.statStale = true;
    thread.lastStat = stat;
    thread.lastSchedstat = schedstat;
    thread.lastCtxSwitches = ctx;
    thread.primed = true;
    out.push_back(s);
    return ran;
}

void ThreadSampler::sample(double intervalSeconds, std::vector<ThreadSample>& out) {
    out.clear();
    ++tick_;
    exits_.exited(exitedPids_);
    for (auto& process : processes_) {
        process.exited = std::find(exitedPids_.begin(), exitedPids_.end(), process.pid) != exitedPids_.end();
        // No thread starts or exits without running, so a process whose CPU
        // clock did not move needs neither its task directory nor its
        // threads' schedstat. One that ran on each of the last two ticks
        // most likely runs again: its clock is not asked (it would move
        // anyway). One that runs now and then (oversubscribed workers get a
        // CPU every few ticks) is still asked.
        const bool gated =
            useCpuClockGate_ && process.hasCpuClock && process.scanned && process.ticksRunning < 2 && !process.exited;
        const bool clockMoved = !gated || processRan(process);
        bool rescan = !process.scanned;
        if (clockMoved) {
            struct stat dirStat {};
            if (::fstat(process.taskDir.fd(), &dirStat) != 0) {
                process.gone = true;
                continue;
            }
            const auto links = static_cast<uint64_t>(dirStat.st_nlink);
            rescan = rescan || links != process.taskLinkCount ||
                     tick_ - process.rescanTick >= static_cast<uint64_t>(options_.taskRescanEveryTicks);
            process.taskLinkCount = links;
        }
        if (rescan && !rescanTasks(process)) {
            process.gone = true;
            continue;
        }
        const bool ran = rescan || clockMoved;
        const size_t firstSample = out.size();
        bool anyRan = false;
        for (auto& thread : process.threads)
            anyRan = sampleThread(process, thread, intervalSeconds, ran, out) || anyRan;
        std::erase_if(process.threads, [](const Thread& t) { return t.gone; });
        // Read without the gate and found idle: take the clock now, so the
        // next tick's gate compares against this tick and not an older one.
        if (!gated && !anyRan && useCpuClockGate_ && process.hasCpuClock) processRan(process);
        process.ticksRunning = anyRan ? process.ticksRunning + 1 : 0;

        // Every thread exited and at most a zombie leader waits for its parent
        // to reap it: the process is over for the sampler.
        process.gone = std::all_of(out.begin() + static_cast<std::ptrdiff_t>(firstSample), out.end(),
                                   [](const ThreadSample& s) { return isDead(s.state); });
    }
    for (const auto& process : processes_)
        if (process.gone && process.exitWatched) exits_.unwatch(process.pid);
    std::erase_if(processes_, [](const Process& p) { return p.gone; });
}

} // namespace oversub::sampler
