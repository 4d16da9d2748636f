#include "runner/conductor.h"

#include "conductor/builtin_run.h"
#include "conductor/event_mapping.h"
#include "conductor/memory_preflight.h"
#include "knobs/fault.h"
#include "placement/placement.h"
#include "runner/auto_size.h"
#include "runner/calibration.h"
#include "runner/command_run.h"
#include "topology/cache_fit.h"
#include "topology/cpu_list.h"
#include "workloads/kernel.h"
#include "workloads/size_check.h"

#include <cmath>
#include <limits>

namespace oversub::conductor {

EventSink::~EventSink() = default;

RunPlacement runPlacement(const Experiment& e, const Topology& topology) {
    PlacementRequest request;
    request.workers = e.workers;
    request.threadsPerWorker = e.threads;
    request.policy = e.affinity;
    if (e.affinity == AffinityPolicy::Custom) request.custom = parseCpuLists(e.cpus, topology.info(), "cpus");
    const Placement placement = place(request, topology.info());
    RunPlacement plan;
    for (const auto& worker : placement.workers) plan.cpusets.push_back(worker.cpuset);
    plan.oversubscription = placement.oversubscription;
    return plan;
}

void checkRunnable(const Experiment& experiment, const Topology& topology) {
    if (!experiment.command.empty()) return checkCommandRunnable(experiment, topology);
    validateSinglePoint(experiment);
    checkSize(experiment.workload, static_cast<int>(experiment.size));
    checkIterations(static_cast<int>(experiment.iterations));
    parseFault(experiment.fault);
    runPlacement(experiment, topology);
    checkMemory(experiment);
}

RunOutcome runExperiment(const RunRequest& request, const Topology& topology, EventSink& sink) {
    Experiment experiment = request.experiment;
    experiment.sweep = {};
    if (!experiment.command.empty()) {
        RunRequest point = request;
        point.experiment = experiment;
        return runCommandExperiment(point, topology, sink);
    }
    // Called without a sweep that resolved them: this run sizes and calibrates itself.
    RunRequest calibrated = request;
    if (experiment.pastCache > 0) {
        std::vector<SweepPoint> one{SweepPoint{0, "", experiment}};
        runner::resolvePastCacheSizes(experiment, one, topology);
        calibrated.experiment = experiment;
    }
    checkRunnable(experiment, topology);
    if (experiment.tasks == 0) {
        runner::calibrateExperiment(experiment, topology);
        calibrated.experiment = experiment;
        checkRunnable(experiment, topology);
    }
    const RunPlacement plan = runPlacement(experiment, topology);

    EventObserver observer(calibrated, sink);
    RunReport report = runBuiltin(experiment, topology, plan, observer);

    // Where one task's data lives decides whether its GB/s is memory's or a cache's.
    const Kernel& kernel = kernelFor(experiment.workload);
    const int size = static_cast<int>(experiment.size);
    const auto fit = cacheFit(
        sizeof(double) * (kernel.inputDoubles(size) + kernel.outputDoubles(size) + kernel.scratchDoubles(size)),
        experiment.workers, topology.info());
    return finishRun(std::move(report), request.runIndex, sink, [&](events::RunDone& done) {
        done.workingSetBytes = fit.workingSetBytes;
        done.fitsIn = fit.level;
    });
}

} // namespace oversub::conductor
