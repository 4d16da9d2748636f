#pragma once
// The window: configuration panel on the left, the core view and the charts
// in the centre, the run table with findings and workers below, menus,
// shortcuts and a status bar with progress and elapsed time. The live view
// (live_view.h) and attaching (attach_controller.h) are parts that own
// their state; the rest is split by feature: main_window.cpp (layout,
// settings, machine), main_window_menus.cpp (actions),
// main_window_presets.cpp (teaching presets), main_window_run.cpp (runs and
// sweeps through the engine, automation), main_window_export.cpp (PNG, CSV,
// JSON), main_window_attach.cpp (attaching, command runs, consent).

#include "command_consent.h"
#include "engine/exit_message.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "models/sample_history.h"
#include "events/process_list.h"
#include "startup_options.h"
#include "topology/topology_info.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <functional>
#include <map>
#include <vector>

class QAction;
class QLabel;
class QListView;
class QMenu;
class QProgressBar;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;

namespace oversub::ui {

class AttachController;
class ChartPanel;
class CoreView;
class ErrorBanner;
class FindingsModel;
class GaugeLabel;
class HeatMapView;
class KnobPanel;
class LiveView;
class MachineFeed;
class PhaseChart;
class PresetBanner;
class RecoveryController;
class RunDetailsView;
class RunSession;
class RunStore;
class RunTableModel;
class SpeedupChart;
class TimelineChart;
class WorkerTableModel;
struct PlacementPreview;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const StartupOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    CoreView* coreView() const;
    KnobPanel* panel() const { return panel_; }
    ErrorBanner* banner() const { return banner_; }
    PresetBanner* presetBanner() const { return presetBanner_; }
    GaugeLabel* gauge() const;
    HeatMapView* heatMap() const { return heatMap_; }
    // Selects the latest measured run of the sweep point `label`; false if none.
    bool selectRunOfPoint(const QString& label);
    QMenu* presetsMenu() const { return presetsMenu_; }
    QString currentPreset() const { return presetName_; } // empty: none loaded
    RunStore* store() const { return store_; }
    RunSession* session() const { return session_; }
    // Journals a crash left behind: the prompt and restore/discard (--recover).
    RecoveryController* recovery() const { return recovery_; }
    QTableView* runTable() const { return runTable_; }
    QAction* runAction() const { return runAction_; }
    QAction* sweepAction() const { return sweepAction_; }
    QAction* cancelAction() const { return cancelAction_; }
    const std::vector<ChartPanel*>& charts() const { return chartPanels_; }
    const TopologyInfo& topology() const { return topology_; }
    bool hasTopology() const { return hasTopology_; }
    bool isRunning() const;
    const SampleHistory& sampleHistory() const;
    int selectedRun() const { return selectedRun_; }
    QString statusMessage() const;

    // Loads an experiment file into the panel; on error shows which field is
    // wrong and keeps the current experiment. Returns success.
    bool openExperimentFile(const QString& path);
    bool saveExperimentTo(const QString& path);
    // Loads a built-in teaching preset into the panel and shows its story and
    // question. While the panel still holds the preset unchanged, the sweep
    // runs it by name so that the engine checks its claims.
    bool loadPreset(const QString& name);

    // Runs (or sweeps) the panel's experiment; false when the panel is invalid.
    bool startRun();
    bool startSweep();
    void cancelRun();

    // Exports, each through core's atomic writer; false + banner on failure.
    bool exportChartPng(ChartPanel* chart, const QString& path, const QSize& size);
    // The current chart tab (a chart or the heat map), as Ctrl+E exports it.
    bool exportCurrentChartPng(const QString& path, const QSize& size);
    bool exportWindowPng(const QString& path);
    bool exportRunTableCsv(const QString& path);
    bool exportSamplesCsv(const QString& path);
    bool exportResultsJson(const QString& path);

    // Follows `pid` and every descendant it starts (oversub-cli watch --pid);
    // false while a run is going or on a what-if machine; a pid that is not
    // running is reported by the engine (banner).
    bool attachToPid(int pid);
    void detach(); // stops watching; the program keeps running
    bool isAttached() const;
    int attachedPid() const;
    QAction* attachAction() const;
    QAction* detachAction() const;
    RunDetailsView* runDetails() const { return runDetails_; }
    // How "this experiment runs a program" is asked when a file is opened;
    // tests answer it directly. Null restores the dialog.
    void setCommandConsentAsker(CommandConsentAsker asker);
    // The process list of the attach dialog (default: `oversub-cli processes`).
    void setAttachProcessSource(std::function<std::vector<sampler::ProcessListEntry>()> source);

signals:
    void topologyShown();
    void runFinished(bool ok);      // after every run/sweep invocation, ok or not
    void automationDone(int exitCode); // --quit-after-run: the exit status to use

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildLayout();
    void buildCharts();
    void buildBottom();
    void buildMenus();
    void buildPresetsMenu();
    void onSweepFinished(const events::SweepDone& done);
    bool panelHoldsPreset() const;
    void buildStatusBar();
    void restoreSettings();
    void saveSettings();
    void onTopology(const TopologyInfo& info);
    void onPlacement(const PlacementPreview& preview);
    void onSessionEnded(const EngineEnd& end);
    void onWorkerError(const events::Error& error);
    void warnIfAffinityNarrowed(int storeIndex);
    void warnAboutNarrowedAffinity(const std::vector<events::Finding>& findings);
    void selectRun(int storeIndex);
    void refreshRunViews();
    void updateActions();
    void updateElapsed();
    void requestPlacementPreview();
    void resumeLiveView();
    void showProblem(const QString& message);
    void showAbout();
    void showShortcuts();
    void prepareEngineStart(const QString& status);
    void runAutomation();
    void finishAutomation(bool ok);
    ChartPanel* currentChart() const;
    void askExportChart(ChartPanel* chart);
    void askPathAndExport(const QString& title, const QString& filter, const QString& suffix,
                          const std::function<void(const QString&)>& write);

    StartupOptions options_;
    TopologyInfo topology_;
    bool hasTopology_ = false;
    QString experimentPath_;
    QString presetName_;        // the loaded teaching preset, if any
    Experiment presetExperiment_;
    QElapsedTimer runClock_;    // elapsed time of the current run
    QTimer elapsedTimer_;
    QTimer previewTimer_;       // debounces placement previews while typing
    int selectedRun_ = -1;
    bool automationPending_ = false;

    KnobPanel* panel_ = nullptr;
    ErrorBanner* banner_ = nullptr;
    PresetBanner* presetBanner_ = nullptr;
    QMenu* presetsMenu_ = nullptr;
    QTabWidget* chartTabs_ = nullptr;
    PhaseChart* phaseChart_ = nullptr;
    SpeedupChart* speedupChart_ = nullptr;
    TimelineChart* timelineChart_ = nullptr;
    HeatMapView* heatMap_ = nullptr;
    std::vector<ChartPanel*> chartPanels_;
    QSplitter* mainSplitter_ = nullptr;
    QSplitter* topSplitter_ = nullptr;
    QSplitter* centreSplitter_ = nullptr;
    QSplitter* bottomSplitter_ = nullptr;
    QTableView* runTable_ = nullptr;
    QTableView* workerTable_ = nullptr;
    QListView* findingsList_ = nullptr;
    QTabWidget* detailTabs_ = nullptr;

    MachineFeed* machine_ = nullptr;
    RunStore* store_ = nullptr;
    RunSession* session_ = nullptr;
    RecoveryController* recovery_ = nullptr;
    RunTableModel* runModel_ = nullptr;
    QSortFilterProxyModel* runProxy_ = nullptr;
    FindingsModel* findingsModel_ = nullptr;
    WorkerTableModel* workerModel_ = nullptr;

    QLabel* statusText_ = nullptr;
    QLabel* elapsedText_ = nullptr;
    QProgressBar* progress_ = nullptr;

    QAction* runAction_ = nullptr;
    QAction* sweepAction_ = nullptr;
    QAction* cancelAction_ = nullptr;

    // Attaching and command runs (main_window_attach.cpp).
    void buildAttachAndCommand();
    void noteLiveProcess(const events::WorkerReady& ready);
    // Asks before an opened experiment may run its command; on refusal
    // clears it and returns the banner text (empty: nothing to say).
    QString consentToCommandOf(Experiment& experiment, const QString& path);

    LiveView* live_ = nullptr;           // core view, load chart, gauge
    AttachController* attach_ = nullptr; // Run > Attach to process..., Detach
    RunDetailsView* runDetails_ = nullptr;
    CommandConsentAsker consentAsker_ = askCommandConsentInDialog;
    std::vector<events::WorkerStats> liveProcesses_; // worker_ready rows of the current run
};

} // namespace oversub::ui
