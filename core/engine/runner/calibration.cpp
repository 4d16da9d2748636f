#include "runner/calibration.h"

#include "conductor/builtin_run.h"
#include "conductor/memory_preflight.h"
#include "knobs/knob_table.h"
#include "machine/memory.h"
#include "runner/conductor.h"
#include "workloads/aligned_buffer.h"
#include "workloads/blas_threads.h"
#include "workloads/kernel.h"
#include "workloads/size_check.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <tuple>

namespace oversub::runner {
namespace {

// Beyond this the workers' common multiple is not worth keeping: the
// largest worker count is used instead.
constexpr int64_t kMaxTaskMultiple = 1024;

// Restores the BLAS thread count the conductor had, however the probe ends.
class OneBlasThread {
public:
    OneBlasThread() : before_(blasThreads()) { setBlasThreads(1); }
    ~OneBlasThread() { setBlasThreads(std::max(1, before_)); }
    OneBlasThread(const OneBlasThread&) = delete;
    OneBlasThread& operator=(const OneBlasThread&) = delete;

private:
    int before_;
};

// PUs the point's tasks can use at once: its threads, within the PUs
// placement gives its workers.
int parallelOf(const Experiment& e, const Topology& topology) {
    const conductor::RunPlacement placement = conductor::runPlacement(e, topology);
    CpuSet all;
    for (const auto& cpuset : placement.cpusets) all = all.unite(cpuset);
    const int64_t threads = static_cast<int64_t>(e.workers) * e.threads;
    return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, std::max(1, all.count()))));
}

// Most tasks whose inputs and results the conductor can hold (the memory
// preflight's estimate, which grows with the tasks); the knob's maximum
// when memory is unknown or tasks cost nothing.
int64_t tasksThatFit(Experiment e, int64_t knobMax) {
    const auto available = machine::memAvailableBytes();
    if (!available) return knobMax;
    e.tasks = 0;
    const uint64_t fixed = conductor::estimateMemory(e).totalBytes();
    e.tasks = 1;
    const uint64_t perTask = conductor::estimateMemory(e).totalBytes() - fixed;
    const uint64_t margin = conductor::memoryMarginBytes(*available);
    const uint64_t usable = *available > margin ? *available - margin : 0;
    if (perTask == 0) return knobMax;
    if (usable <= fixed) return 1; // the preflight refuses it with the numbers
    return std::min<int64_t>(knobMax, static_cast<int64_t>((usable - fixed) / perTask));
}

} // namespace

KernelProbe probeKernel(Workload workload, int size, int iterations, uint64_t seed, double budgetSeconds) {
    checkSize(workload, size);
    checkIterations(iterations);
    const Kernel& kernel = kernelFor(workload);
    // Building an input costs its fresh pages as much as the numbers: timed together, as the conductor pays them.
    const auto filling = std::chrono::steady_clock::now();
    AlignedBuffer input(kernel.inputDoubles(size));
    kernel.fillInput(input.span(), size, seed);
    const double fillSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - filling).count();
    // A generating worker keeps one input buffer and refills it each task:
    // the page faults are paid once, not per task (on a VM whose memory the
    // host reclaims they were 1.4-31 ms of a 47 ms GEMM task, so counting
    // them per task made a 4 s default run 2.3-3.3 s).
    const auto refilling = std::chrono::steady_clock::now();
    kernel.fillInput(input.span(), size, seed + 1);
    const double refillSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - refilling).count();
    AlignedBuffer output(kernel.outputDoubles(size));
    const OneBlasThread oneThread;

    std::vector<double> seconds;
    double total = 0;
    while (total < budgetSeconds || seconds.empty()) {
        const auto start = std::chrono::steady_clock::now();
        kernel.run(input.span(), output.span(), size, iterations);
        const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        seconds.push_back(took);
        total += took;
    }
    KernelProbe probe;
    probe.fillSeconds = fillSeconds;
    probe.refillSeconds = refillSeconds;
    probe.tasks = static_cast<int>(seconds.size());
    probe.seconds = total;
    std::vector<double> warm(seconds.size() > 1 ? seconds.begin() + 1 : seconds.begin(), seconds.end());
    std::sort(warm.begin(), warm.end());
    const size_t n = warm.size();
    probe.secondsPerTask = n % 2 ? warm[n / 2] : (warm[n / 2 - 1] + warm[n / 2]) / 2;
    return probe;
}

std::optional<Calibration> calibratePoints(Experiment& base, std::vector<SweepPoint>& points,
                                           const Topology& topology) {
    std::vector<Experiment*> todo;
    for (auto& p : points)
        if (p.experiment.tasks == 0 && p.experiment.command.empty()) todo.push_back(&p.experiment);
    if (todo.empty()) return std::nullopt;
    // A point that cannot run is refused before anything is timed.
    for (const Experiment* e : todo) conductor::checkRunnable(*e, topology);

    const auto knobMax = static_cast<int64_t>(knob("tasks").max);
    std::map<std::tuple<Workload, int64_t, int64_t>, KernelProbe> probes;
    Calibration c;
    double slowest = -1;
    int64_t multiple = 1, largestWorkers = 1, maxTasks = knobMax;
    bool memoryLimited = false;
    for (size_t i = 0; i < points.size(); ++i) {
        const Experiment& e = points[i].experiment;
        if (std::find(todo.begin(), todo.end(), &e) == todo.end()) continue;
        const auto key = std::make_tuple(e.workload, e.size, e.iterations);
        auto it = probes.find(key);
        if (it == probes.end())
            it = probes
                     .emplace(key,
                              probeKernel(e.workload, static_cast<int>(e.size), static_cast<int>(e.iterations), e.seed))
                     .first;
        const int parallel = parallelOf(e, topology);
        // A generating worker builds each input itself; otherwise the conductor builds them all first.
        const bool generated = e.delivery == Delivery::Generate;
        const double perTask = it->second.secondsPerTask + (generated ? it->second.refillSeconds : 0);
        const double prepare = generated ? 0 : it->second.fillSeconds;
        const double perPu = prepare + perTask / parallel;
        if (perPu > slowest) {
            slowest = perPu;
            c.targetSeconds = e.durationSeconds;
            c.probeSecondsPerTask = perTask;
            c.prepareSecondsPerTask = prepare;
            c.parallel = parallel;
            c.point = points[i].label;
        }
        largestWorkers = std::max<int64_t>(largestWorkers, e.workers);
        multiple = std::lcm(multiple, static_cast<int64_t>(e.workers));
        if (multiple > kMaxTaskMultiple) multiple = largestWorkers;
        const int64_t fit = tasksThatFit(e, knobMax);
        if (fit < maxTasks) {
            maxTasks = fit;
            memoryLimited = fit < knobMax;
        }
    }
    for (const auto& [key, probe] : probes) {
        c.probeTasks += probe.tasks;
        c.probeSeconds += probe.seconds;
    }
    bool limited = false;
    c.tasks = calibratedTasks(c.probeSecondsPerTask, c.parallel, c.targetSeconds, multiple, maxTasks, &limited,
                              c.prepareSecondsPerTask);
    if (limited) c.limitedBy = memoryLimited ? "memory" : "tasks";

    for (Experiment* e : todo) {
        e->tasks = c.tasks;
        e->calibration = c;
    }
    if (base.tasks == 0 && base.command.empty()) {
        base.tasks = c.tasks;
        base.calibration = c;
    }
    return c;
}

std::optional<Calibration> calibrateExperiment(Experiment& experiment, const Topology& topology) {
    std::vector<SweepPoint> points{SweepPoint{0, "", experiment}};
    points.front().experiment.sweep = {};
    auto c = calibratePoints(experiment, points, topology);
    return c;
}

} // namespace oversub::runner
