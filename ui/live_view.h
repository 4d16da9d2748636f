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

#include <functional>
#include <vector>

class QLabel;
class QToolButton;
class QWidget;

namespace oversub::ui {

class CoreView;
class GaugeLabel;
class LoadChart;

class LiveView : public QObject {
    Q_OBJECT
public:
    explicit LiveView(QObject* parent = nullptr);

    // Widgets the window places (it takes them over as their Qt parent).
    // The panel holds the core view under a caption saying what it shows
    // (now, or the last run's mean) and the "Now" toggle.
    QWidget* coreViewPanel() const { return coreViewPanel_; }
    CoreView* coreView() const { return coreView_; }
    LoadChart* loadChart() const { return loadChart_; }
    GaugeLabel* gauge() const { return gauge_; }
    const SampleHistory& history() const { return history_; }

    // The clock samples are placed on (seconds); by default the window's own
    // monotonic clock. A replay sets its position here, so a recorded sample
    // lands where it happened.
    void setClock(std::function<double()> clock);
    // Forgets every sample, run and thread shown (a replay seeking back).
    void reset();

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

    // A run's end (each run of a sweep): its whole-run gauge, which samples
    // were its own (for the view after the run) and its phases, marked on
    // the load chart.
    void showRunDone(const events::RunDone& done);

    // After a run the core view shows the run's mean per PU; `now` shows the
    // machine as it is instead (the samples between runs). During a run or
    // an attach it always shows now.
    void setShowNow(bool now);
    bool showsRunMean() const { return showingMean_; }
    QString coreViewCaption() const;

    // An attached tree: every process is named from the samples.
    void startAttach();
    void showAttachSample(const events::Sample& sample);

    // A run or an attach ended: no threads are drawn; the gauge shows the
    // last run as a whole and the core view its mean per PU (see
    // setShowNow), or the last busy tick after an attach.
    void finish();

private:
    void addSnapshot(int run, const sampler::Snapshot& snapshot);
    void showRunMean();
    double runStartOnWindowClock(int run) const;
    void setCaption(const QString& text, bool offerToggle);
    void nameProcesses(const std::vector<events::ProcessName>& processes);
    double now() const { return clock_ ? clock_() : elapsed_.elapsed() / 1000.0; }

    QWidget* coreViewPanel_;
    QLabel* caption_;
    QToolButton* nowButton_;
    CoreView* coreView_;
    LoadChart* loadChart_;
    GaugeLabel* gauge_;
    QElapsedTimer elapsed_; // the time axis of live samples
    std::function<double()> clock_; // replaces elapsed_ when set
    QTimer chartTimer_; // slides the load chart when no samples arrive
    SampleHistory history_;
    TopologyInfo machine_;
    bool hasMachine_ = false;
    std::vector<int> runAllowedPus_;
    bool namesProcesses_ = false;
    bool live_ = false; // a run or an attach is being sampled
    double runStartSeconds_ = 0; // window clock at the current run's run_started
    int lastRun_ = -1; // engine index of the last run that ended, -1: none yet
    double lastRunSince_ = 0; // its run_started on the window clock
    double lastRunWallSeconds_ = 0;
    sampler::Snapshot lastRunMean_; // its mean per PU; no cpus when not sampled
    bool showingMean_ = false;
};

} // namespace oversub::ui
