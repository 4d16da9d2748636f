#pragma once
// The live part of the window: the core view (PUs, threads on them), the
// load chart and the status-bar gauge, fed by samples of the idle machine,
// of a run or of an attached tree. It owns what those views share (the
// sample history on the window's clock, the PUs the run may use, the names
// of the processes shown) so the window only routes events to it, as
// hotspot's MainWindow routes to pages that own their state.

#include "events/event_kinds.h"
#include "models/sample_history.h"
#include "topology/topology_info.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace oversub::ui {

class CoreView;
class GaugeLabel;
class LoadChart;

class LiveView : public QObject {
    Q_OBJECT
public:
    explicit LiveView(QObject* parent = nullptr);

    // Widgets the window places (it takes them over as their Qt parent).
    CoreView* coreView() const { return coreView_; }
    LoadChart* loadChart() const { return loadChart_; }
    GaugeLabel* gauge() const { return gauge_; }
    const SampleHistory& history() const { return history_; }

    // The machine to draw; `whatIf`: a synthetic one, where nothing is sampled.
    void setMachine(const TopologyInfo& info, bool whatIf, const std::string& description);
    bool hasMachine() const { return hasMachine_; }
    const TopologyInfo& machine() const { return machine_; } // valid once hasMachine()

    // The idle machine between runs.
    void showMachineSample(const sampler::Snapshot& snapshot);

    // A run: its workers' PUs are marked as they report ready; a command
    // run's processes are named from its samples (built-in workers go by index).
    void startRun(bool namesProcesses);
    void showWorkerReady(const events::WorkerReady& ready);
    void showRunSample(const events::Sample& sample);

    // An attached tree: every process is named from the samples.
    void startAttach();
    void showAttachSample(const events::Sample& sample);

    // A run or an attach ended: no threads are drawn, the gauge keeps the
    // last busy reading, marked as the last run's.
    void finish();

private:
    void addSnapshot(int run, const sampler::Snapshot& snapshot);
    void nameProcesses(const std::vector<events::ProcessName>& processes);
    double now() const { return clock_.elapsed() / 1000.0; }

    CoreView* coreView_;
    LoadChart* loadChart_;
    GaugeLabel* gauge_;
    QElapsedTimer clock_; // the time axis of live samples
    QTimer chartTimer_; // slides the load chart when no samples arrive
    SampleHistory history_;
    TopologyInfo machine_;
    bool hasMachine_ = false;
    std::vector<int> runAllowedPus_;
    bool namesProcesses_ = false;
};

} // namespace oversub::ui
