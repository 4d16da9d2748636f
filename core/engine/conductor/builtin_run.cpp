#include "conductor/builtin_run.h"

#include "conductor/poll_fds.h"
#include "conductor/run_data.h"
#include "conductor/run_loop.h"
#include "conductor/shared_memory.h"
#include "conductor/task_plan.h"
#include "conductor/wire.h"
#include "conductor/worker_main.h"
#include "conductor/worker_processes.h"
#include "sampler/sampler.h"
#include "workloads/kernel.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace oversub::conductor {

namespace {

constexpr int kPipeBufferBytes = 1 << 20;
// A cancel waits this long for the killed workers to be reaped, then leaves
// the rest (already sent SIGKILL) to init: the run ends within a second at
// 2,048 workers although the kernel takes ~1.5 s to tear them all down.
constexpr double kCancelReapBudgetSeconds = 0.5;

struct WorkerSlot {
    WorkerReport report;
    Fd command, results; // conductor ends: writes commands, reads reports
    wire::OutboundQueue outbound;
    wire::FrameReader reader;
    int64_t nextTask = 0, assignedEnd = 0; // current assignment [nextTask, assignedEnd)
    bool released = false;
    std::string failureMessage; // from a Failure frame
};

// What the poll loop tells apart among a worker's descriptors.
enum WatchTag : int { kWorkerExit, kWorkerResults, kWorkerCommands };

class BuiltinRun final : public RunBody {
public:
    BuiltinRun(const Experiment& experiment, const Topology& topology, const RunPlacement& plan, RunObserver& observer)
        : e_(experiment), topology_(topology), plan_(plan), loop_(observer), observer_(observer),
          kernel_(kernelFor(experiment.workload)), queue_(experiment.tasks, experiment.chunk),
          taskChecksums_(static_cast<size_t>(experiment.tasks), std::nan("")) {}

    RunReport run();

    // RunBody
    bool finished() const override { return report_.failure.kind != FailureKind::None; }
    bool keepPolling() const override { return processes_.aliveCount() > 0; }
    void start(RunLoop& loop) override;
    void cancel(int signal) override;
    void timeOut() override;
    void failInternal(const std::string& what) override { fail(FailureKind::Internal, what); }
    void onChildSignal() override { handleWorkerExits(); }
    void addWatches(PollList& list) override;
    void onReady(void* owner, int tag, short events, short revents) override;
    void afterPoll() override;
    void onSampled(const sampler::Snapshot& snapshot) override;
    void teardown() override;

private:
    void spawn(int worker);
    void handleWorkerExits();
    void pumpReports(WorkerSlot& slot);
    void onFrame(WorkerSlot& slot, const wire::Header& header, std::span<const std::byte> record,
                 std::span<const std::byte> data);
    void onReadyFrame(WorkerSlot& slot, std::span<const std::byte> record);
    void onTaskDone(WorkerSlot& slot, std::span<const std::byte> record);
    void assignNext(WorkerSlot& slot);
    void assign(WorkerSlot& slot, TaskRange range);
    void flush(WorkerSlot& slot);
    void releaseAll();
    void fail(FailureKind kind, std::string message, int worker = -1, int signal = 0, int64_t task = -1);
    void failWorker(WorkerSlot& slot, const WorkerExit& exit);
    std::string workerName(const WorkerSlot& slot) const;
    std::string tasksDoneText() const;

    const Experiment& e_;
    const Topology& topology_;
    const RunPlacement& plan_;
    RunLoop loop_;
    RunObserver& observer_;
    const Kernel& kernel_;
    const RunClock& clock_ = loop_.clock();
    RunReport report_;
    std::unique_ptr<RunData> data_;
    std::vector<std::unique_ptr<WorkerSlot>> slots_;
    WorkerProcesses processes_;
    TaskQueue queue_;
    std::vector<double> taskChecksums_;
    bool released_ = false;
    double releaseS_ = 0;
    int readyCount_ = 0;
};

RunReport BuiltinRun::run() {
    report_.tasks = e_.tasks;
    report_.oversubscription = plan_.oversubscription;
    loop_.run(*this, e_.timeoutSeconds);
    return report_;
}

void BuiltinRun::start(RunLoop& loop) {
    if (e_.delivery == Delivery::Shm) removeOrphanedSegments();
    loop.startSampling(e_.rateHz);
    // Preparing and spawning can take seconds (GBs of inputs, 2,048
    // forks): signals, the timeout and the sample timer are served
    // between steps, so a cancel ends them within one step.
    data_ = std::make_unique<RunData>(e_, [this, &loop] {
        loop.serviceBetweenSteps();
        return !finished();
    });
    report_.prepareS = clock_.now();
    for (int w = 0; w < e_.workers && !finished(); ++w) {
        spawn(w);
        loop.serviceBetweenSteps();
    }
}

void BuiltinRun::spawn(int worker) {
    auto slot = std::make_unique<WorkerSlot>();
    slot->report.worker = worker;
    slot->report.requested = plan_.cpusets.at(static_cast<size_t>(worker));
    int command[2], results[2];
    if (::pipe2(command, O_CLOEXEC) != 0) throw systemError("pipe");
    if (::pipe2(results, O_CLOEXEC) != 0) {
        ::close(command[0]);
        ::close(command[1]);
        throw systemError("pipe");
    }
    wire::enlargePipe(command[1], kPipeBufferBytes);
    wire::enlargePipe(results[1], kPipeBufferBytes);

    WorkerSetup setup;
    setup.worker = worker;
    setup.conductorPid = ::getpid();
    setup.group = processes_.group();
    setup.cpuset = slot->report.requested;
    setup.blasThreads = e_.threads;
    setup.topology = &topology_;
    setup.experiment = &e_;
    setup.clock = clock_;
    setup.commandFd = command[0];
    setup.reportFd = results[1];
    sigemptyset(&setup.unblockedMask);
    setup.inputDoubles = data_->inputDoubles();
    setup.outputDoubles = data_->outputDoubles();
    if (e_.delivery == Delivery::Fork) setup.inheritedInputs = data_->allInputs();
    setup.inputSegmentFd = data_->inputSegmentFd();
    setup.inputSegmentBytes = data_->inputSegmentBytes();
    setup.resultSegmentFd = data_->resultSegmentFd();
    setup.resultSegmentBytes = data_->resultSegmentBytes();
    setup.fault = parseFault(e_.fault);

    slot->report.forkS = clock_.now();
    const pid_t pid = ::fork();
    if (pid == 0) runWorker(setup); // never returns
    ::close(command[0]);
    ::close(results[1]);
    slot->command = Fd(command[1]);
    slot->results = Fd(results[0]);
    if (pid < 0) {
        fail(FailureKind::Internal,
             std::string("cannot fork worker ") + std::to_string(worker) + ": " + std::strerror(errno));
        return;
    }
    processes_.adopt(worker, pid);
    setNonBlocking(slot->command.get());
    setNonBlocking(slot->results.get());
    slot->report.pid = pid;
    slots_.push_back(std::move(slot));
}

std::string BuiltinRun::tasksDoneText() const {
    return std::to_string(report_.tasksDone) + " of " + std::to_string(e_.tasks) + " tasks done";
}

void BuiltinRun::timeOut() {
    fail(FailureKind::Timeout, "run timed out after " + formatSeconds(clock_.now()) + " s (timeout " +
                                   formatSeconds(e_.timeoutSeconds) + " s); " + tasksDoneText());
}

void BuiltinRun::cancel(int signal) {
    fail(FailureKind::Cancelled, "cancelled by " + signalName(signal) + "; " + tasksDoneText(), -1, signal);
}

void BuiltinRun::addWatches(PollList& list) {
    for (auto& slot : slots_) {
        if (const int pidfd = processes_.pidfdOf(slot->report.worker); pidfd >= 0)
            list.add(pidfd, POLLIN, slot.get(), kWorkerExit);
        if (slot->results) list.add(slot->results.get(), POLLIN, slot.get(), kWorkerResults);
        if (slot->command && !slot->outbound.empty())
            list.add(slot->command.get(), POLLOUT, slot.get(), kWorkerCommands);
    }
}

void BuiltinRun::onReady(void* owner, int tag, short, short) {
    WorkerSlot& slot = *static_cast<WorkerSlot*>(owner);
    switch (tag) {
    case kWorkerCommands: flush(slot); break;
    case kWorkerResults: pumpReports(slot); break;
    default: handleWorkerExits(); break; // a pidfd: a worker exited
    }
}

void BuiltinRun::afterPoll() {
    if (!released_ && report_.tasksDone == e_.tasks && readyCount_ == e_.workers) {
        loop_.takeSample(); // the last tick before the workers go: their cumulative numbers
        releaseAll();
    }
}

void BuiltinRun::handleWorkerExits() {
    for (const WorkerExit& exit : processes_.poll()) {
        WorkerSlot& slot = *slots_.at(static_cast<size_t>(exit.worker));
        // Whatever it wrote before it went (results, a failure message) counts.
        if (slot.results && !exit.stopped) pumpReports(slot);
        if (!exit.stopped) slot.report.exit = exit;
        const bool clean = exit.exited && exit.exitStatus == 0 && slot.released;
        if (clean) slot.report.teardownS = clock_.now() - releaseS_;
        else if (!finished()) failWorker(slot, exit);
    }
}

void BuiltinRun::pumpReports(WorkerSlot& slot) {
    if (!slot.results) return;
    const bool open = slot.reader.pump(
        slot.results.get(),
        [&](const wire::Header& header, std::span<const std::byte>) -> std::span<std::byte> {
            if (header.kind != wire::Kind::TaskDone || header.task < 0 || header.task >= e_.tasks) return {};
            return std::as_writable_bytes(data_->output(header.task));
        },
        [&](const wire::Header& header, std::span<const std::byte> record, std::span<const std::byte> data) {
        onFrame(slot, header, record, data);
        });
    if (!open) {
        slot.results.reset();
        handleWorkerExits();
    }
}

void BuiltinRun::onFrame(WorkerSlot& slot, const wire::Header& header, std::span<const std::byte> record,
                         std::span<const std::byte>) {
    switch (header.kind) {
    case wire::Kind::Ready: onReadyFrame(slot, record); break;
    case wire::Kind::TaskDone: onTaskDone(slot, record); break;
    case wire::Kind::Failure:
        slot.failureMessage.assign(reinterpret_cast<const char*>(record.data()), record.size());
        break;
    default: throw std::runtime_error("unexpected frame from " + workerName(slot));
    }
}

void BuiltinRun::onReadyFrame(WorkerSlot& slot, std::span<const std::byte> record) {
    wire::ReadyRecord ready{};
    if (record.size() < sizeof ready) throw std::runtime_error("short ready frame from " + workerName(slot));
    std::memcpy(&ready, record.data(), sizeof ready);
    const size_t expected = sizeof ready + sizeof(int32_t) * static_cast<size_t>(ready.tidCount + ready.puCount);
    if (record.size() != expected) throw std::runtime_error("malformed ready frame from " + workerName(slot));
    std::vector<int32_t> ints(static_cast<size_t>(ready.tidCount + ready.puCount));
    std::memcpy(ints.data(), record.data() + sizeof ready, ints.size() * sizeof(int32_t));
    WorkerReport& r = slot.report;
    r.tids.assign(ints.begin(), ints.begin() + ready.tidCount);
    r.cpuset = CpuSet::fromVector(std::vector<int>(ints.begin() + ready.tidCount, ints.end()));
    r.ready = true;
    r.readyS = ready.readyS;
    r.spawnS = ready.readyS - r.forkS;
    ++readyCount_;
    loop_.sampler().watchProcess(r.pid, r.worker);
    observer_.onWorkerReady(r);
    if (e_.schedule == Schedule::Static) {
        const TaskRange range = staticChunks(e_.tasks, e_.workers).at(static_cast<size_t>(r.worker));
        if (range.count > 0) assign(slot, range);
    } else {
        assignNext(slot);
    }
}

void BuiltinRun::onTaskDone(WorkerSlot& slot, std::span<const std::byte> record) {
    wire::TaskDoneRecord done{};
    if (record.size() != sizeof done) throw std::runtime_error("malformed result frame from " + workerName(slot));
    std::memcpy(&done, record.data(), sizeof done);
    if (done.task != slot.nextTask || done.task >= slot.assignedEnd)
        throw std::runtime_error(workerName(slot) + " reported task " + std::to_string(done.task) +
                                 " it was not running");
    ++slot.nextTask;
    TaskReport task;
    task.task = done.task;
    task.worker = slot.report.worker;
    task.startS = done.startS;
    task.computeStartS = done.computeStartS;
    task.computeEndS = done.computeEndS;
    task.endS = clock_.now();
    task.lastCpu = done.lastCpu;
    task.checksum = data_->fullResults() ? checksum(data_->output(done.task)) : done.checksum;
    taskChecksums_.at(static_cast<size_t>(done.task)) = task.checksum;

    WorkerReport& r = slot.report;
    ++r.tasks;
    r.deliveryS += task.deliveryS();
    r.computeS += task.computeS();
    r.collectS += task.collectS();
    const int size = static_cast<int>(e_.size), iterations = static_cast<int>(e_.iterations);
    r.flops += kernel_.flops(size, iterations);
    r.bytes += kernel_.bytes(size, iterations);
    ++report_.tasksDone;
    observer_.onTaskDone(task, report_.tasksDone, e_.tasks);
    if (slot.nextTask == slot.assignedEnd && e_.schedule == Schedule::Dynamic) assignNext(slot);
}

void BuiltinRun::assignNext(WorkerSlot& slot) {
    if (auto range = queue_.next()) assign(slot, *range);
}

void BuiltinRun::assign(WorkerSlot& slot, TaskRange range) {
    slot.nextTask = range.first;
    slot.assignedEnd = range.end();
    const wire::AssignRecord record{range.first, range.count};
    slot.outbound.push(wire::Kind::Assign, -1, wire::asBytes(record), {});
    if (e_.delivery == Delivery::Pipe)
        for (int64_t task = range.first; task < range.end(); ++task)
            slot.outbound.push(wire::Kind::TaskInput, static_cast<int32_t>(task), {},
                               std::as_bytes(data_->input(task)));
    flush(slot);
}

void BuiltinRun::flush(WorkerSlot& slot) {
    if (!slot.command) return;
    if (!slot.outbound.flush(slot.command.get())) {
        // The worker is gone; its exit (SIGCHLD) says how.
        slot.command.reset();
        handleWorkerExits();
    }
}

void BuiltinRun::onSampled(const sampler::Snapshot& snapshot) {
    for (auto& slot : slots_) updateFromSample(slot->report, snapshot);
}

void BuiltinRun::releaseAll() {
    released_ = true;
    releaseS_ = clock_.now();
    const wire::AssignRecord none{0, 0};
    for (auto& slot : slots_) {
        slot->released = true;
        slot->outbound.push(wire::Kind::Assign, -1, wire::asBytes(none), {});
        flush(*slot);
    }
}

std::string BuiltinRun::workerName(const WorkerSlot& slot) const {
    return "worker " + std::to_string(slot.report.worker) + " (pid " + std::to_string(slot.report.pid) + ")";
}

void BuiltinRun::failWorker(WorkerSlot& slot, const WorkerExit& exit) {
    const bool running = slot.nextTask < slot.assignedEnd;
    const int64_t task = running ? slot.nextTask : -1;
    std::string where = running              ? " during task " + std::to_string(task)
                        : !slot.report.ready ? " before it was ready"
                                             : " while idle";
    FailureKind kind = exit.signaled  ? FailureKind::WorkerCrashed
                       : exit.stopped ? FailureKind::WorkerStopped
                                      : FailureKind::WorkerExited;
    std::string message = workerName(slot) + " " + exit.describe() + where;
    if (!slot.failureMessage.empty()) {
        kind = FailureKind::WorkerError;
        message += ": " + slot.failureMessage;
    }
    fail(kind, message, slot.report.worker, exit.signal, task);
}

void BuiltinRun::fail(FailureKind kind, std::string message, int worker, int signal, int64_t task) {
    if (finished()) return;
    FailureReport& f = report_.failure;
    f.kind = kind;
    f.message = std::move(message);
    f.worker = worker;
    f.signal = signal;
    f.task = task;
    if (worker >= 0 && static_cast<size_t>(worker) < slots_.size())
        f.pid = slots_[static_cast<size_t>(worker)]->report.pid;
}

void BuiltinRun::teardown() {
    if (!released_) releaseS_ = clock_.now();
    if (finished()) loop_.takeFinalSample();
    const bool cancelled = report_.failure.kind == FailureKind::Cancelled;
    for (const WorkerExit& exit :
         processes_.killAndReapAll(cancelled ? std::optional(kCancelReapBudgetSeconds) : std::nullopt)) {
        WorkerSlot& slot = *slots_.at(static_cast<size_t>(exit.worker));
        slot.report.exit = exit;
        slot.report.teardownS = clock_.now() - releaseS_;
    }
    if (report_.failure.kind == FailureKind::None && report_.tasksDone == e_.tasks) {
        double sum = 0;
        for (double c : taskChecksums_) sum += c;
        report_.checksum = sum;
    }
    for (auto& slot : slots_) report_.workers.push_back(slot->report);
    report_.sampling = loop_.sampling();
    report_.wallS = clock_.now();
    report_.releaseS = releaseS_;
    // A run that failed before its first fork spent all its time preparing.
    if (slots_.empty()) report_.prepareS = releaseS_;
    report_.teardownS = report_.wallS - releaseS_;
    summarise(report_);
}

} // namespace

RunReport runBuiltin(const Experiment& experiment, const Topology& topology, const RunPlacement& placement,
                     RunObserver& observer) {
    BuiltinRun run(experiment, topology, placement, observer);
    return run.run();
}

} // namespace oversub::conductor
