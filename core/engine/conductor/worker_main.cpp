#include "conductor/worker_main.h"

#include "conductor/run_data.h"
#include "conductor/shared_memory.h"
#include "conductor/wire.h"
#include "conductor/worker_processes.h"
#include "machine/affinity.h"
#include "util/fd_io.h"
#include "workloads/aligned_buffer.h"
#include "workloads/blas_threads.h"
#include "workloads/kernel.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace oversub::conductor {

namespace {

constexpr size_t kPageBytes = 4096;

[[noreturn]] void fail(const WorkerSetup& setup, int status, const std::string& message) {
    wire::writeFrame(setup.reportFd, wire::Kind::Failure, -1, std::as_bytes(std::span(message.data(), message.size())),
                     {});
    ::_exit(status);
}

void closeAllBut(std::vector<int> keep) {
    keep.push_back(0);
    keep.push_back(1);
    keep.push_back(2);
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
    unsigned next = 0;
    for (int fd : keep) {
        if (fd < 0) continue;
        if (static_cast<unsigned>(fd) > next) ::close_range(next, static_cast<unsigned>(fd) - 1, 0);
        next = static_cast<unsigned>(fd) + 1;
    }
    ::close_range(next, ~0u, 0);
}

// Thread ids of this process: its own and any BLAS pool thread. A listing of
// /proc/self/task is all it takes; the sampler reads their files later.
std::vector<int32_t> ownThreadIds() {
    std::vector<int32_t> tids;
    if (DIR* dir = ::opendir("/proc/self/task")) {
        while (const dirent* entry = ::readdir(dir))
            if (const int tid = std::atoi(entry->d_name); tid > 0) tids.push_back(tid);
        ::closedir(dir);
    }
    if (tids.empty()) tids.push_back(static_cast<int32_t>(::gettid()));
    std::sort(tids.begin(), tids.end());
    return tids;
}

// ps, top and htop show a process by its comm (15 bytes at most). A worker is
// forked without exec, so it would keep the conductor's, which after the
// engine's re-exec through /proc/self/exe is "exe". Only comm is renamed:
// the command line (`ps -o args`) stays the conductor's, which is true, a
// worker being a fork of that command.
constexpr const char* kWorkerProcessName = "oversub-worker";
constexpr const char* kBlasThreadName = "oversub-blas";

void nameThisProcess() { ::prctl(PR_SET_NAME, kWorkerProcessName, 0, 0, 0); }

// OpenBLAS's pool threads start while setBlasThreads runs (or in its fork
// handler) with the name of the thread that started them; named apart, a
// worker's pool shows as such in `top -H` and htop. Writing a thread's comm
// file is allowed within one's own process.
void nameBlasThreads(const std::vector<int32_t>& tids) {
    const pid_t self = ::getpid();
    for (const int32_t tid : tids) {
        if (tid == self) continue;
        const std::string path = "/proc/self/task/" + std::to_string(tid) + "/comm";
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) continue; // a thread that ended: nothing to name
        [[maybe_unused]] const ssize_t written = ::write(fd, kBlasThreadName, std::strlen(kBlasThreadName));
        ::close(fd);
    }
}

// Fork and shm delivery map the input into the worker's page table on first
// touch; touching one double a page makes that cost delivery, not compute.
double touchPages(std::span<const double> input) {
    volatile double sink = 0;
    const size_t step = kPageBytes / sizeof(double);
    for (size_t i = 0; i < input.size(); i += step) sink = sink + input[i];
    if (!input.empty()) sink = sink + input.back();
    return sink;
}

[[noreturn]] void injectFault(const WorkerSetup& setup, FaultKind kind) {
    switch (kind) {
    case FaultKind::Segv:
        ::signal(SIGSEGV, SIG_DFL);
        ::raise(SIGSEGV);
        break;
    case FaultKind::Kill: ::raise(SIGKILL); break;
    case FaultKind::Abort: ::signal(SIGABRT, SIG_DFL); std::abort();
    case FaultKind::Hang:
        for (;;) ::pause();
    case FaultKind::Stop:
        ::raise(SIGSTOP);
        for (;;) ::pause(); // continued or not, it makes no more progress
    case FaultKind::Exit: ::_exit(kFaultExitStatus);
    }
    fail(setup, kWorkerTaskFailedStatus, "fault injection did not stop the worker");
}

class TaskRunner {
public:
    explicit TaskRunner(const WorkerSetup& setup)
        : setup_(setup), kernel_(kernelFor(setup.experiment->workload)),
          size_(static_cast<int>(setup.experiment->size)), iterations_(static_cast<int>(setup.experiment->iterations)),
          delivery_(setup.experiment->delivery), full_(setup.experiment->result == ResultReturn::Full) {
        if (delivery_ == Delivery::Pipe || delivery_ == Delivery::Generate) input_ = AlignedBuffer(setup.inputDoubles);
        if (!(full_ && delivery_ == Delivery::Shm)) output_ = AlignedBuffer(setup.outputDoubles);
    }

    // Shm delivery maps the segment descriptors it inherited (and closes
    // them) before reporting ready; touching the pages stays delivery's cost.
    void mapSegments() {
        if (delivery_ != Delivery::Shm) return;
        inputShm_ = ShmSegment::attach(setup_.inputSegmentFd, setup_.inputSegmentBytes, false);
        if (full_) resultShm_ = ShmSegment::attach(setup_.resultSegmentFd, setup_.resultSegmentBytes, true);
    }

    void runRange(int64_t first, int64_t count) {
        for (int64_t task = first; task < first + count; ++task) runTask(task);
    }

private:
    void runTask(int64_t task) {
        if (setup_.fault && !faultFired_ && setup_.fault->worker == setup_.worker && task >= setup_.fault->task) {
            faultFired_ = true;
            injectFault(setup_, setup_.fault->kind);
        }
        wire::TaskDoneRecord done{};
        done.task = task;
        done.startS = setup_.clock.now();
        const std::span<const double> input = deliver(task);
        const std::span<double> output = outputFor(task);
        done.computeStartS = setup_.clock.now();
        kernel_.run(input, output, size_, iterations_);
        done.computeEndS = setup_.clock.now();
        done.checksum = checksum(output);
        done.lastCpu = ::sched_getcpu();
        const bool throughPipe = full_ && delivery_ != Delivery::Shm;
        const auto data = throughPipe ? std::as_bytes(std::span<const double>(output)) : std::span<const std::byte>{};
        if (!wire::writeFrame(setup_.reportFd, wire::Kind::TaskDone, static_cast<int32_t>(task), wire::asBytes(done),
                              data))
            ::_exit(kWorkerOrphanedStatus);
    }

    std::span<const double> deliver(int64_t task) {
        const size_t n = setup_.inputDoubles;
        switch (delivery_) {
        case Delivery::Pipe: {
            wire::Header header{};
            if (!readAll(setup_.commandFd, &header, sizeof header)) ::_exit(kWorkerOrphanedStatus);
            if (header.kind != wire::Kind::TaskInput || header.task != task || header.recordBytes != 0 ||
                header.dataBytes != n * sizeof(double))
                fail(setup_, kWorkerTaskFailedStatus,
                     "unexpected frame instead of the input of task " + std::to_string(task));
            if (!readAll(setup_.commandFd, input_.data(), header.dataBytes)) ::_exit(kWorkerOrphanedStatus);
            return input_.span();
        }
        case Delivery::Fork: {
            const auto input = setup_.inheritedInputs.subspan(static_cast<size_t>(task) * n, n);
            touchPages(input);
            return input;
        }
        case Delivery::Shm: {
            const auto input = std::span<const double>(inputShm_.doubles()).subspan(static_cast<size_t>(task) * n, n);
            touchPages(input);
            return input;
        }
        case Delivery::Generate:
            kernel_.fillInput(input_.span(), size_, taskSeed(setup_.experiment->seed, task));
            return input_.span();
        }
        return {};
    }

    std::span<double> outputFor(int64_t task) {
        if (!(full_ && delivery_ == Delivery::Shm)) return output_.span();
        return resultShm_.doubles().subspan(static_cast<size_t>(task) * setup_.outputDoubles, setup_.outputDoubles);
    }

    const WorkerSetup& setup_;
    const Kernel& kernel_;
    int size_, iterations_;
    Delivery delivery_;
    bool full_;
    AlignedBuffer input_, output_;
    ShmSegment inputShm_, resultShm_;
    bool faultFired_ = false;
};

void setUp(const WorkerSetup& setup, double forkedS, TaskRunner& runner) {
    // The pipes, the parent's signalfd/timerfd and other workers' pipes are
    // not this worker's business; the shm segments are, until mapped.
    closeAllBut({setup.commandFd, setup.reportFd, setup.inputSegmentFd, setup.resultSegmentFd});
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGPIPE, SIG_DFL);
    ::pthread_sigmask(SIG_SETMASK, &setup.unblockedMask, nullptr);

    if (setup.topology && !setup.cpuset.empty() && !setup.topology->bindThisProcess(setup.cpuset)) {
        // A synthetic topology binds nothing (by design); on this machine a
        // refusal is a real error.
        if (setup.topology->info().isThisMachine)
            fail(setup, kWorkerSetupFailedStatus, "cannot bind to PUs " + setup.cpuset.toList());
    }
    setBlasThreads(setup.blasThreads);
    runner.mapSegments();

    const std::vector<int32_t> tids = ownThreadIds();
    nameBlasThreads(tids);
    const std::vector<int> pus = currentAffinity(0).toVector();
    wire::ReadyRecord ready{};
    ready.pid = ::getpid();
    ready.tidCount = static_cast<int32_t>(tids.size());
    ready.puCount = static_cast<int32_t>(pus.size());
    ready.forkedS = forkedS;
    ready.readyS = setup.clock.now();
    std::vector<std::byte> record;
    const auto head = wire::asBytes(ready);
    record.insert(record.end(), head.begin(), head.end());
    const auto tidBytes = std::as_bytes(std::span(tids));
    record.insert(record.end(), tidBytes.begin(), tidBytes.end());
    const std::vector<int32_t> pus32(pus.begin(), pus.end());
    const auto puBytes = std::as_bytes(std::span(pus32));
    record.insert(record.end(), puBytes.begin(), puBytes.end());
    if (!wire::writeFrame(setup.reportFd, wire::Kind::Ready, -1, record, {})) ::_exit(kWorkerOrphanedStatus);
}

} // namespace

void runWorker(const WorkerSetup& setup) {
    const double forkedS = setup.clock.now();
    nameThisProcess(); // before Ready, so the sampler's first read of comm finds it
    // Both sides call setpgid: whichever runs first wins, the other is a no-op.
    if (!WorkerProcesses::joinGroupInChild(setup.group)) ::_exit(kWorkerSetupFailedStatus);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != setup.conductorPid) ::_exit(kWorkerOrphanedStatus);
    try {
        TaskRunner runner(setup);
        setUp(setup, forkedS, runner);
        for (;;) {
            wire::Header header{};
            if (!readAll(setup.commandFd, &header, sizeof header)) ::_exit(kWorkerOrphanedStatus);
            wire::AssignRecord assign{};
            if (header.kind != wire::Kind::Assign || header.recordBytes != sizeof assign || header.dataBytes != 0)
                fail(setup, kWorkerTaskFailedStatus, "unexpected frame instead of a task assignment");
            if (!readAll(setup.commandFd, &assign, sizeof assign)) ::_exit(kWorkerOrphanedStatus);
            if (assign.count == 0) ::_exit(0);
            runner.runRange(assign.first, assign.count);
        }
    } catch (const std::exception& e) {
        fail(setup, kWorkerTaskFailedStatus, e.what());
    } catch (...) {
        fail(setup, kWorkerTaskFailedStatus, "unknown exception");
    }
}

} // namespace oversub::conductor
