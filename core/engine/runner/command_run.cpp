#include "runner/command_run.h"

#include "conductor/builtin_run.h"
#include "conductor/event_mapping.h"
#include "external/command_line.h"
#include "external/external_run.h"
#include "external/thread_env.h"

extern char** environ;

namespace oversub::conductor {

namespace {

// The one cpuset the command starts on: every PU placement gave a worker.
CpuSet commandCpuset(const Experiment& experiment, const Topology& topology) {
    if (experiment.affinity == AffinityPolicy::Inherit) return {};
    CpuSet all;
    for (const CpuSet& cpus : runPlacement(experiment, topology).cpusets)
        for (int cpu : cpus.toVector()) all.add(cpu);
    return all;
}

} // namespace

void checkCommandRunnable(const Experiment& experiment, const Topology& topology) {
    validateSinglePoint(experiment);
    commandArgv(experiment);
    runPlacement(experiment, topology);
}

RunOutcome runCommandExperiment(const RunRequest& request, const Topology& topology, EventSink& sink) {
    const Experiment& experiment = request.experiment;
    checkCommandRunnable(experiment, topology);
    external::CommandPlan plan;
    plan.argv = commandArgv(experiment);
    plan.cpuset = commandCpuset(experiment, topology);
    plan.environment = commandEnvironment(environ, experiment.workers, experiment.threads);
    plan.timeoutSeconds = experiment.timeoutSeconds;
    plan.rateHz = experiment.rateHz;

    EventObserver observer(request, sink);
    external::CommandReport report = external::runExternal(plan, observer);
    report.result.threadEnv = threadEnvironment(experiment.threads);
    return finishRun(std::move(report.run), request.runIndex, sink,
                     [&](events::RunDone& done) { done.command = report.result; });
}

} // namespace oversub::conductor
