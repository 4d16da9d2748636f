#include "external/external_run.h"

#include "conductor/poll_fds.h"
#include "conductor/run_clock.h"
#include "conductor/run_loop.h"
#include "conductor/worker_processes.h"
#include "external/command_guard.h"
#include "external/command_line.h"
#include "external/command_tree.h"
#include "external/mpi_rank.h"
#include "external/step_tasks.h"
#include "external/stopped_process_watch.h"
#include "machine/affinity.h"
#include "sampler/process_list_info.h"
#include "sampler/sampler.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace oversub::external {

using conductor::FailureKind;
using conductor::Fd;
using conductor::PollList;
using conductor::RunClock;
using conductor::RunLoop;
using conductor::WorkerReport;

namespace {

// The tree is scanned at the sample rate, but at most 10 Hz (a scan reads the
// stat of every process on the machine) and at least 5 Hz, so that a stopped
// process is caught within a second whatever the rate (kStopGraceSeconds).
constexpr double kShortestTreeScanPeriodSeconds = 0.1;
constexpr double kLongestTreeScanPeriodSeconds = 0.2;
constexpr size_t kOutputKeepBytes = 4 * kOutputTailBytes; // trimmed to this when it grows past twice

// What the child writes to the error pipe when it cannot get to the program.
struct StartFailure {
    int stage; // 0: setting the cpuset, 1: exec
    int error; // errno
};

// Becomes a child subreaper for the run; puts the previous setting back.
class SubreaperScope {
public:
    SubreaperScope() {
        int previous = 0;
        ::prctl(PR_GET_CHILD_SUBREAPER, &previous, 0, 0, 0);
        previous_ = previous;
        ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
    ~SubreaperScope() { ::prctl(PR_SET_CHILD_SUBREAPER, previous_, 0, 0, 0); }
    SubreaperScope(const SubreaperScope&) = delete;
    SubreaperScope& operator=(const SubreaperScope&) = delete;

private:
    unsigned long previous_ = 0;
};

std::vector<int> threadIdsOf(int pid) {
    std::vector<int> tids;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) tids.push_back(std::stoi(name));
    }
    std::sort(tids.begin(), tids.end());
    return tids;
}

// Why a shell's status above 128 (a child killed by a signal, as a shell
// reports it) is that: " (128 + 9: SIGKILL)"; "" for any other status.
std::string shellSignalNote(int status) {
    if (status <= 128 || status - 128 >= 65) return "";
    return " (128 + " + std::to_string(status - 128) + ": " + conductor::signalName(status - 128) + ")";
}

// What the poll loop tells apart among the command's descriptors.
enum WatchTag : int { kRootExit, kOutput };

class ExternalRun final : public conductor::RunBody {
public:
    ExternalRun(const CommandPlan& plan, conductor::RunObserver& observer)
        : plan_(plan), observer_(observer), loop_(observer) {}
    CommandReport run();

    // RunBody
    bool finished() const override { return report_.run.failure.kind != FailureKind::None || tree_.rootReaped(); }
    void start(RunLoop& loop) override;
    void cancel(int signal) override;
    void timeOut() override;
    void failInternal(const std::string& what) override { fail(FailureKind::Internal, what); }
    void onChildSignal() override { checkRoot(); }
    void onTicker(int) override { scanTree(); }
    void addWatches(PollList& list) override;
    void onReady(void* owner, int tag, short events, short revents) override;
    void onSampled(const sampler::Snapshot& snapshot) override;
    void teardown() override;

private:
    void readOutput();
    void checkRoot();
    void scanTree();
    void discover(int pid);
    void refresh(WorkerReport& r);
    void readRank(WorkerReport& r);
    void failStopped(const StoppedProcess& stopped);
    void fail(FailureKind kind, std::string message, int signal = 0, int exitStatus = -1);
    std::string commandLine() const { return quotedCommandLine(plan_.argv); }

    const CommandPlan& plan_;
    conductor::RunObserver& observer_;
    RunLoop loop_;
    const RunClock& clock_ = loop_.clock();
    CommandReport report_;
    CommandTree tree_;
    CommandGuard guard_; // takes the command's group along if the conductor is killed outright
    StoppedProcessWatch stops_;
    std::vector<WorkerReport> processes_;
    struct StepTask {
        int pid;
        Fd pidfd;
    };
    StepTaskFinder stepFinder_;
    std::vector<StepTask> stepTasks_;
    Fd output_, rootPidfd_;
    std::string output_bytes_;
    double forkS_ = 0, execS_ = 0, endS_ = -1;
    std::optional<int> rootStatus_;
};

CommandReport ExternalRun::run() {
    SubreaperScope subreaper;
    report_.run.tasks = 1;
    report_.result.argv = plan_.argv;
    loop_.run(*this, plan_.timeoutSeconds);
    return report_;
}

void ExternalRun::start(RunLoop& loop) {
    // Everything the child needs is built before fork: after it, only
    // async-signal-safe calls (the conductor may have other threads).
    std::vector<char*> argv;
    for (const auto& arg : plan_.argv) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& entry : plan_.environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    const std::vector<int> cpus = plan_.cpuset.toVector();
    const int maxCpu = cpus.empty() ? 0 : cpus.back() + 1;
    cpu_set_t* mask = CPU_ALLOC(static_cast<size_t>(maxCpu > 0 ? maxCpu : 1));
    const size_t maskBytes = CPU_ALLOC_SIZE(static_cast<size_t>(maxCpu > 0 ? maxCpu : 1));
    CPU_ZERO_S(maskBytes, mask);
    for (int cpu : cpus) CPU_SET_S(static_cast<size_t>(cpu), maskBytes, mask);
    const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

    int out[2], errors[2];
    if (::pipe2(out, O_CLOEXEC) != 0) {
        CPU_FREE(mask);
        if (devNull >= 0) ::close(devNull);
        throw conductor::systemError("pipe");
    }
    if (::pipe2(errors, O_CLOEXEC) != 0) {
        ::close(out[0]), ::close(out[1]);
        CPU_FREE(mask);
        if (devNull >= 0) ::close(devNull);
        throw conductor::systemError("pipe");
    }
    forkS_ = clock_.now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); // the conductor killed outright takes the command along
        StartFailure failure{0, 0};
        if (!cpus.empty() && ::sched_setaffinity(0, maskBytes, mask) != 0) {
            failure = {0, errno};
            (void)!::write(errors[1], &failure, sizeof failure);
            ::_exit(126);
        }
        if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(out[1], STDERR_FILENO);
        for (int signal : {SIGPIPE, SIGINT, SIGTERM, SIGCHLD, SIGQUIT}) ::signal(signal, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execvpe(argv[0], argv.data(), envp.data());
        failure = {1, errno};
        (void)!::write(errors[1], &failure, sizeof failure);
        ::_exit(errno == ENOENT ? 127 : 126);
    }
    const int forkError = errno;
    CPU_FREE(mask);
    if (devNull >= 0) ::close(devNull);
    ::close(out[1]);
    ::close(errors[1]);
    output_ = Fd(out[0]);
    Fd errorPipe(errors[0]);
    if (pid < 0) {
        errno = forkError;
        fail(FailureKind::Internal, "cannot fork for " + commandLine() + ": " + std::strerror(forkError));
        return;
    }
    ::setpgid(pid, pid); // both sides: neither order of execution races
    tree_.setRoot(pid);
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) rootPidfd_ = Fd(pidfd);

    // Blocks until exec succeeded (the pipe closes) or failed (a record).
    StartFailure failure{};
    ssize_t got;
    do got = ::read(errorPipe.get(), &failure, sizeof failure);
    while (got < 0 && errno == EINTR);
    execS_ = clock_.now();
    if (got == static_cast<ssize_t>(sizeof failure)) {
        const int status = failure.stage == 1 && failure.error == ENOENT ? 127 : 126;
        const std::string what =
            failure.stage == 0 ? "cannot apply the cpuset " + plan_.cpuset.toList() + " to" : "cannot start";
        fail(FailureKind::CommandFailed,
             what + " command " + commandLine() + ": " + std::strerror(failure.error) + " (exit status " +
                 std::to_string(status) + ")",
             0, status);
        report_.result.exitStatus = status;
        return;
    }
    report_.started = true;
    if (guard_.start(pid)) tree_.exclude(guard_.pid());
    conductor::setNonBlocking(output_.get());
    discover(pid);
    // The tree's scan ticks before the sample's: new processes are sampled at once.
    loop.addTicker(std::clamp(1.0 / plan_.rateHz, kShortestTreeScanPeriodSeconds, kLongestTreeScanPeriodSeconds));
    loop.startSampling(plan_.rateHz);
}

void ExternalRun::addWatches(PollList& list) {
    if (rootPidfd_) list.add(rootPidfd_.get(), POLLIN, nullptr, kRootExit);
    if (output_) list.add(output_.get(), POLLIN, nullptr, kOutput);
}

void ExternalRun::onReady(void*, int tag, short, short) {
    if (tag == kRootExit && rootPidfd_) checkRoot();
    else if (tag == kOutput && output_) readOutput();
}

void ExternalRun::timeOut() {
    fail(FailureKind::Timeout, "command " + commandLine() + " timed out after " +
                                   conductor::formatSeconds(clock_.now() - forkS_) + " s (timeout " +
                                   conductor::formatSeconds(plan_.timeoutSeconds) + " s)");
}

void ExternalRun::cancel(int signal) {
    fail(FailureKind::Cancelled, "command " + commandLine() + " cancelled by " + conductor::signalName(signal), signal);
}

void ExternalRun::readOutput() {
    char buffer[16384];
    for (;;) {
        const ssize_t n = ::read(output_.get(), buffer, sizeof buffer);
        if (n > 0) {
            output_bytes_.append(buffer, static_cast<size_t>(n));
            if (output_bytes_.size() > 2 * kOutputKeepBytes)
                output_bytes_.erase(0, output_bytes_.size() - kOutputKeepBytes);
            continue;
        }
        if (n == 0) output_.reset(); // every writer closed it
        return; // EAGAIN: all read for now
    }
}

void ExternalRun::checkRoot() {
    if (tree_.rootReaped() || !tree_.rootExited()) return;
    // Its last words first: the pipe may hold output written just before exit.
    if (output_) readOutput();
    const double beforeReapS = clock_.now();
    loop_.takeSample(); // the tree's cumulative numbers before the root is gone from /proc
    const std::optional<int> status = tree_.reapRoot();
    if (!status) return;
    endS_ = beforeReapS;
    rootStatus_ = status;
    rootPidfd_.reset();
}

void ExternalRun::scanTree() {
    const std::vector<ProcessRow> members = tree_.liveMemberRows();
    std::vector<int> pids;
    for (const ProcessRow& row : members) pids.push_back(row.pid);
    // An srun's tasks are slurmstepd's children, not the tree's (step_tasks.h):
    // held by a pidfd, so the teardown never signals a recycled pid.
    for (int task : stepFinder_.find(pids, clock_.now()))
        if (const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, task, 0)); pidfd >= 0)
            stepTasks_.push_back({task, Fd(pidfd)});
    for (const StepTask& task : stepTasks_) {
        pollfd exited{task.pidfd.get(), POLLIN, 0};
        if (::poll(&exited, 1, 0) == 0) pids.push_back(task.pid);
    }
    for (int pid : pids) {
        const auto known =
            std::find_if(processes_.begin(), processes_.end(), [&](const WorkerReport& w) { return w.pid == pid; });
        if (known == processes_.end()) discover(pid);
        else refresh(*known);
    }
    tree_.reapOrphans();
    if (const std::optional<StoppedProcess> stopped = stops_.update(members, clock_.now())) failStopped(*stopped);
}

void ExternalRun::discover(int pid) {
    WorkerReport r;
    r.worker = static_cast<int>(processes_.size());
    r.pid = pid;
    r.requested = plan_.cpuset;
    try {
        r.cpuset = currentAffinity(pid);
    } catch (const std::exception&) {
        return; // gone already
    }
    r.tids = threadIdsOf(pid);
    if (r.tids.empty() || !loop_.sampler().watchProcess(pid, r.worker)) return;
    r.ready = true;
    r.forkS = r.readyS = clock_.now();
    readRank(r);
    processes_.push_back(r);
    observer_.onWorkerReady(r);
}

void ExternalRun::readRank(WorkerReport& r) {
    if (const std::optional<RankIdentity> identity = readRankIdentity(r.pid)) {
        r.rank = identity->rank;
        r.ompThreads = identity->ompThreads;
    }
}

void ExternalRun::refresh(WorkerReport& r) {
    // A launcher binds a rank (and the rank may rebind itself) after the
    // fork the scan saw: the binding reported is the last one read while the
    // process was alive. Its rank variables appear with its exec.
    try {
        r.cpuset = currentAffinity(r.pid);
    } catch (const std::exception&) {
        // exited since the scan: keep the last reading
    }
    if (r.rank < 0 && clock_.now() - r.readyS < kExecLookupSeconds) readRank(r);
}

void ExternalRun::failStopped(const StoppedProcess& stopped) {
    const std::optional<sampler::ProcessListEntry> info = sampler::processInfo(stopped.pid);
    const std::string name = "process " + std::to_string(stopped.pid) + " (" + (info ? info->name : "?") + ")";
    const std::string which = stopped.pid == tree_.root() ? name + ", the command " + commandLine() + " itself,"
                                                          : name + " of the command " + commandLine();
    fail(FailureKind::WorkerStopped,
         which + " was stopped by a signal (state T) for " + conductor::formatSeconds(clock_.now() - stopped.sinceS) +
             " s; a stopped process holds the run until something continues it, so the run was ended");
    auto& f = report_.run.failure;
    f.pid = stopped.pid;
    const auto process =
        std::find_if(processes_.begin(), processes_.end(), [&](const WorkerReport& w) { return w.pid == stopped.pid; });
    f.worker = process != processes_.end() ? process->worker : -1;
}

void ExternalRun::onSampled(const sampler::Snapshot& snapshot) {
    for (WorkerReport& r : processes_) conductor::updateFromSample(r, snapshot);
}

void ExternalRun::fail(FailureKind kind, std::string message, int signal, int exitStatus) {
    auto& f = report_.run.failure;
    if (f.kind != FailureKind::None) return;
    f.kind = kind;
    f.message = std::move(message);
    f.signal = signal;
    f.exitStatus = exitStatus;
    f.worker = kind == FailureKind::CommandFailed ? 0 : -1;
    f.pid = tree_.root();
}

void ExternalRun::teardown() {
    const bool ranToEnd = rootStatus_.has_value();
    if (!ranToEnd) {
        endS_ = clock_.now();
        if (report_.started) loop_.takeFinalSample();
    }
    const double killS = clock_.now();
    tree_.killAndReapAll();
    // A step's tasks outlive a killed srun until Slurm notices; they are the run's.
    for (const StepTask& task : stepTasks_) ::syscall(SYS_pidfd_send_signal, task.pidfd.get(), SIGKILL, nullptr, 0);
    guard_.stop();
    if (output_) {
        // Every writer is dead: what is left in the pipe is the end of the output.
        readOutput();
        output_.reset();
    }
    report_.result.outputTail =
        validUtf8(std::string_view(output_bytes_)
                      .substr(output_bytes_.size() > kOutputTailBytes ? output_bytes_.size() - kOutputTailBytes : 0));
    report_.result.cpuSeconds = tree_.cpuSeconds();

    if (ranToEnd) {
        const int status = *rootStatus_;
        if (WIFEXITED(status)) report_.result.exitStatus = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) report_.result.signal = conductor::signalName(WTERMSIG(status));
        conductor::TaskReport task;
        task.task = 0;
        task.worker = 0;
        task.startS = forkS_;
        task.computeStartS = execS_;
        task.computeEndS = task.endS = endS_;
        report_.run.tasksDone = 1;
        if (!processes_.empty()) processes_.front().tasks = 1;
        try {
            observer_.onTaskDone(task, 1, 1);
        } catch (const std::exception& error) {
            fail(FailureKind::Internal, error.what());
        }
        const std::string tail = lastOutputLines(report_.result.outputTail);
        const std::string said = tail.empty() ? "; it printed nothing" : "; its last output: " + tail;
        const std::string after = " after " + conductor::formatSeconds(endS_ - forkS_) + " s";
        if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
            fail(FailureKind::CommandFailed,
                 "command " + commandLine() + " exited with status " + std::to_string(WEXITSTATUS(status)) +
                     shellSignalNote(WEXITSTATUS(status)) + after + said,
                 0, WEXITSTATUS(status));
        else if (WIFSIGNALED(status))
            fail(FailureKind::CommandFailed,
                 "command " + commandLine() + " was killed by " + conductor::signalName(WTERMSIG(status)) + after +
                     said,
                 WTERMSIG(status));
    } else if (report_.started) {
        report_.result.signal = "SIGKILL"; // the teardown ended it
        // A hung program's last words say where it hung.
        const std::string tail = lastOutputLines(report_.result.outputTail);
        if (report_.run.failure.kind == FailureKind::Timeout && !tail.empty())
            report_.run.failure.message += "; its last output: " + tail;
    }

    // The phases add up to the wall time (docs/architecture.md): prepare up
    // to the fork, spawn to the exec, compute while the command ran, wait for
    // the last sample, teardown killing and reaping what was left.
    const double finalS = clock_.now();
    conductor::RunReport& run = report_.run;
    run.workers = processes_;
    run.sampling = loop_.sampling();
    for (auto& w : run.workers) w.teardownS = finalS - killS;
    run.prepareS = forkS_;
    const double ranFromS = report_.started ? execS_ : forkS_;
    run.spawnS = ranFromS - forkS_;
    run.computeS = report_.started ? endS_ - execS_ : 0;
    run.waitS = killS - (report_.started ? endS_ : ranFromS);
    run.releaseS = killS;
    run.teardownS = finalS - killS;
    run.wallS = finalS;
    run.checksum = std::numeric_limits<double>::quiet_NaN();
}

} // namespace

CommandReport runExternal(const CommandPlan& plan, conductor::RunObserver& observer) {
    ExternalRun run(plan, observer);
    return run.run();
}

std::string lastOutputLines(std::string_view output) {
    std::vector<std::string_view> lines; // the last kFailureOutputLines non-blank ones, newest first
    size_t end = output.size();
    while (end > 0 && lines.size() < kFailureOutputLines) {
        const size_t start = output.rfind('\n', end - 1);
        const size_t from = start == std::string_view::npos ? 0 : start + 1;
        std::string_view line = output.substr(from, end - from);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (!line.empty()) lines.push_back(line);
        if (start == std::string_view::npos) break;
        end = start;
    }
    // Oldest first, the newest always kept: earlier lines go first when the
    // text would pass kFailureOutputBytes, and a line alone is cut at its end.
    std::string text;
    for (size_t kept = 0; kept < lines.size(); ++kept) {
        const std::string_view line = lines[kept];
        const size_t added = line.size() + (text.empty() ? 0 : kFailureOutputSeparator.size());
        if (!text.empty() && text.size() + added > kFailureOutputBytes) break;
        text = text.empty() ? std::string(line) : std::string(line) + std::string(kFailureOutputSeparator) + text;
    }
    if (text.size() > kFailureOutputBytes) text = validUtf8(text.substr(text.size() - kFailureOutputBytes));
    return text;
}

std::string validUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    size_t i = 0;
    while (i < bytes.size() && (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80) ++i; // cut sequence
    while (i < bytes.size()) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = length > 0 && i + length <= bytes.size();
        for (size_t k = 1; ok && k < length; ++k) ok = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
        if (ok && length == 2 && c < 0xC2) ok = false; // overlong
        if (ok && length == 3) {
            const auto c1 = static_cast<unsigned char>(bytes[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) ok = false; // overlong, surrogate
        }
        if (ok && length == 4) {
            const auto c1 = static_cast<unsigned char>(bytes[i + 1]);
            if (c > 0xF4 || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) ok = false;
        }
        if (!ok) {
            out += '?';
            ++i;
            continue;
        }
        if (c != 0) out.append(bytes.substr(i, length)); // NUL would end C strings downstream
        i += length;
    }
    return out;
}

} // namespace oversub::external
