#include "runner/sweep_driver.h"

#include "analysis/advisor.h"
#include "analysis/run_gauge.h"
#include "conductor/cancellation.h"
#include "experiment/series.h"
#include "machine/machine_record.h"
#include "presets/preset_narration.h"
#include "runner/bandwidth_probe.h"
#include "runner/conductor.h"

#include <chrono>
#include <exception>
#include <utility>

namespace oversub::runner {
namespace {

bool memoryBoundWorkload(Workload w) { return w == Workload::Triad || w == Workload::Elementwise; }

// Between the conductor and the front end's sink: a run_done the conductor
// left without findings gets the advisor's (for the point being run) and the
// gauge over the whole run, and
// every event also feeds the driver's own Results.
class AdvisingSink final : public conductor::EventSink {
public:
    AdvisingSink(conductor::EventSink& next, ResultsCollector& collector, const TopologyInfo& topology,
                 const analysis::RunContext& context)
        : next_(next), collector_(collector), topology_(topology), context_(context) {}

    void setPoint(const Experiment* experiment) { experiment_ = experiment; }
    const events::RunDone& lastDone() const { return lastDone_; }

    void emit(const events::Event& event) override {
        const auto* done = std::get_if<events::RunDone>(&event);
        if (done && experiment_ && (done->findings.empty() || !done->gauge)) {
            events::RunDone advised = *done;
            // One evidence for both, so the gauge's "last run" and the findings agree.
            const auto evidence = analysis::evidenceFromRun(*experiment_, advised, topology_, context_);
            if (advised.findings.empty()) advised.findings = analysis::toEventFindings(analysis::adviseRun(evidence));
            if (!advised.gauge) advised.gauge = analysis::runGaugeReading(evidence, advised);
            pass(events::Event(std::move(advised)));
            return;
        }
        pass(event);
    }

    // An event of the sweep itself (sweep_started, progress, sweep_done).
    void pass(const events::Event& event) {
        if (const auto* done = std::get_if<events::RunDone>(&event)) lastDone_ = *done;
        next_.emit(event);
        collector_.add(event);
    }

private:
    conductor::EventSink& next_;
    ResultsCollector& collector_;
    const TopologyInfo& topology_;
    const analysis::RunContext& context_;
    const Experiment* experiment_ = nullptr;
    events::RunDone lastDone_;
};

} // namespace

int sweepExtraWarmups(const SweepPlan& plan) {
    return plan.coldStartWarmup && !plan.singleRun && plan.base.warmup == 0 ? 1 : 0;
}

int sweepRunsTotal(const SweepPlan& plan) {
    return static_cast<int>(plan.points.size()) * (plan.base.warmup + plan.base.repeat) + sweepExtraWarmups(plan);
}

events::RunStatus worstStatus(events::RunStatus a, events::RunStatus b) {
    auto rank = [](events::RunStatus s) {
        switch (s) {
        case events::RunStatus::Ok: return 0;
        case events::RunStatus::Cancelled: return 1;
        case events::RunStatus::Timeout: return 2;
        case events::RunStatus::Failed: return 3;
        }
        return 3;
    };
    return rank(b) > rank(a) ? b : a;
}

SweepObserver::~SweepObserver() = default;
void SweepObserver::bandwidthProbeStarting(const std::string&) {}
void SweepObserver::bandwidthProbeContended(double) {}
void SweepObserver::bandwidthProbeFailed(const std::string&) {}
void SweepObserver::pointStarting(const SweepPoint&, int) {}
void SweepObserver::runStarting(const conductor::RunRequest&, int) {}
void SweepObserver::runFailed(const conductor::RunRequest&, const conductor::RunOutcome&, bool) {}
void SweepObserver::runDone(const SweepRunProgress&) {}
void SweepObserver::runsOver() {}

SweepDriver::SweepDriver(SweepPlan plan, const Topology& topology) : plan_(std::move(plan)), topology_(topology) {
    // Everything that can be refused is refused before any run starts.
    for (const auto& point : plan_.points) conductor::checkRunnable(point.experiment, topology_);
}

void SweepDriver::measureBandwidth(SweepObserver& observer) {
    if (bandwidthDone_) return;
    bandwidthDone_ = true;
    if (plan_.singleRun) return;
    bool anyMemoryBound = false;
    for (const auto& p : plan_.points) anyMemoryBound = anyMemoryBound || memoryBoundWorkload(p.experiment.workload);
    if (!anyMemoryBound) return;
    // Measured once per machine and cached.
    const std::string cpuModel = machine::cpuModel();
    bandwidth_ = analysis::machineBandwidth(topology_, cpuModel, false, plan_.bandwidthCachePath);
    if (bandwidth_) return;
    observer.bandwidthProbeStarting(plan_.bandwidthCachePath);
    try {
        bandwidth_ = analysis::machineBandwidth(topology_, cpuModel, true, plan_.bandwidthCachePath);
        if (bandwidth_ && bandwidth_->runqWaitShare > analysis::kProbeMaxRunqWaitShare)
            observer.bandwidthProbeContended(bandwidth_->runqWaitShare);
    } catch (const std::exception& e) {
        observer.bandwidthProbeFailed(e.what());
    }
}

SweepOutcome SweepDriver::run(const analysis::RunContext& runContext, const nlohmann::json& machine,
                              conductor::EventSink& next, SweepObserver& observer) {
    measureBandwidth(observer);
    const Experiment& base = plan_.base;
    const auto& points = plan_.points;
    const auto& info = topology_.info();
    const int extraWarmups = sweepExtraWarmups(plan_);
    const int runsTotal = this->runsTotal();

    analysis::RunContext context = runContext;
    if (bandwidth_) context.machineBandwidthGbps = bandwidth_->machineGbps;

    SweepOutcome out;
    out.runsTotal = runsTotal;
    ResultsCollector collector;
    AdvisingSink sink(next, collector, info, context);
    sink.pass(events::SweepStarted{toJson(base), machine, runsTotal, static_cast<int>(points.size())});

    conductor::CancellationScope cancellation;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };

    std::vector<analysis::PointRuns> pointRuns;
    std::optional<ExitCode> firstFailure;
    int runIndex = 0, runsDone = 0, runsFailed = 0;
    events::RunStatus worst = events::RunStatus::Ok;
    bool stop = false;
    for (const auto& point : points) {
        if (stop) break;
        analysis::PointRuns pr;
        pr.label = point.label;
        pr.workers = point.experiment.workers;
        pr.threadsPerWorker = point.experiment.threads;
        pr.series = sweepSeriesName(base.sweep, point.experiment);
        sink.setPoint(&point.experiment);
        observer.pointStarting(point, static_cast<int>(points.size()));

        const int warmups = base.warmup + (point.index == 0 ? extraWarmups : 0);
        for (int i = 0; i < warmups + base.repeat && !stop; ++i) {
            const bool warmup = i < warmups;
            conductor::RunRequest request;
            request.experiment = point.experiment;
            request.runIndex = runIndex++;
            request.pointLabel = point.label;
            request.repetition = warmup ? i : i - warmups;
            request.warmup = warmup;
            request.pointIndex = point.index;
            observer.runStarting(request, runsTotal);
            const auto outcome = conductor::runExperiment(request, topology_, sink);
            ++runsDone;
            const auto& done = sink.lastDone(); // with the advisor's findings
            if (!warmup) {
                ++pr.runs;
                if (outcome.status == conductor::RunStatus::Ok) {
                    pr.wallSeconds.push_back(done.wallSeconds);
                    pr.timedSeconds.push_back(done.timedSeconds());
                    pr.gbps.push_back(done.gbps);
                    for (auto& f : analysis::fromEventFindings(done.findings)) pr.runFindings.push_back(std::move(f));
                }
            }
            if (outcome.status != conductor::RunStatus::Ok) {
                ++runsFailed;
                if (!warmup) ++pr.failedRuns;
                if (pr.firstError.empty() && outcome.error) pr.firstError = outcome.error->message;
                if (!firstFailure) firstFailure = outcome.exitCode;
                worst = worstStatus(worst, done.status);
                if (outcome.status == conductor::RunStatus::Cancelled || !plan_.keepGoing) stop = true;
                observer.runFailed(request, outcome, stop);
            }

            const double spent = elapsed();
            const double eta = runsDone < runsTotal ? spent / runsDone * (runsTotal - runsDone) : 0;
            const events::Progress progress{runsDone, runsTotal, spent, eta};
            sink.pass(progress);
            observer.runDone(
                SweepRunProgress{point, static_cast<int>(points.size()), request, outcome, done, progress});
        }
        pointRuns.push_back(std::move(pr));
    }
    observer.runsOver();

    nlohmann::json summaryJson; // a single run's stays null
    if (!plan_.singleRun) {
        analysis::BandwidthContext bw;
        if (bandwidth_) {
            bw.machineGbps = bandwidth_->machineGbps;
            bw.oneWorkerGbps = bandwidth_->oneWorkerGbps;
        }
        out.summary = analysis::summarizeSweep(pointRuns, info.allowed.count(), bw, base.warmup);
        summaryJson = analysis::toJson(out.summary);
        if (plan_.preset) {
            out.verdicts = presets::checkExpectations(*plan_.preset, out.summary);
            summaryJson["preset"] = presets::presetSummaryJson(*plan_.preset, out.verdicts);
        }
    }
    out.done = events::SweepDone{worst, runsDone, runsFailed, elapsed(), summaryJson};
    sink.pass(out.done);

    out.results = collector.results();
    if (!plan_.singleRun) {
        out.results.findings = analysis::toEventFindings(out.summary.findings);
        out.results.summary = summaryJson;
    }
    out.exitCode = firstFailure.value_or(ExitCode::Ok);
    return out;
}

} // namespace oversub::runner
