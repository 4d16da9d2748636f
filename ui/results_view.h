#pragma once
// What the window knows about finished runs: the run table, the selected
// run's findings, workers and command details, and the charts drawn from
// the stored runs (wall time by phase, speedup, timeline, the sweep's heat
// map). It owns the selection, so every view shows the same run; the window
// places its widgets and tells it when runs arrive.

#include "events/event_kinds.h"
#include "models/findings_model.h"

#include <QObject>
#include <QString>

#include <vector>

class QListView;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;

namespace oversub::ui {

class ChartPanel;
class HeatMapView;
class PhaseChart;
class RunDetailsView;
class RunStore;
class RunTableModel;
class SpeedupChart;
class TimelineChart;
class WorkerTableModel;

class ResultsView : public QObject {
    Q_OBJECT
public:
    static constexpr int kCompareMenuRows = 20; // rows "Compare with" offers, the latest first
    explicit ResultsView(RunStore* store, QObject* parent = nullptr);
    ~ResultsView() override; // deletes the widgets no window took over

    // Widgets the window places (it takes them over as their Qt parent).
    QSplitter* tables() const { return tables_; } // run table | findings, workers, command
    PhaseChart* phaseChart() const { return phaseChart_; }
    SpeedupChart* speedupChart() const { return speedupChart_; }
    TimelineChart* timelineChart() const { return timelineChart_; }
    HeatMapView* heatMap() const { return heatMap_; }
    std::vector<ChartPanel*> charts() const; // the run charts, in tab order
    QTableView* runTable() const { return runTable_; }
    RunDetailsView* runDetails() const { return runDetails_; }

    // Selects a run by its index in the store (-1: none) and redraws every view.
    void selectRun(int storeIndex);
    // Selects the latest measured run of the sweep point `label`; false if none.
    bool selectRunOfPoint(const QString& label);
    int selectedRun() const { return selectedRun_; }
    void selectLatest(); // the store's last run, if any
    void clear(); // after the store was emptied

    // The speedup chart's ideal line stops at the PUs the runs may use.
    void setAllowedPus(int count);
    // A finished sweep: its heat map, and a memory-bound sweep's bandwidth ceiling.
    void showSweepSummary(const nlohmann::json& summary);

    // Live rows while nothing is stored yet: a command run's processes as
    // the engine finds them, an attached tree's findings.
    void startLiveWorkers();
    void addLiveWorker(const events::WorkerReady& ready);
    void showLiveFindings(const std::vector<events::Finding>& findings);

    // The findings tab's "Apply and run" button: it offers the selected
    // finding's change to the panel (the first finding that proposes one is
    // selected when findings arrive). Not offered while a run goes on.
    QPushButton* applyFixButton() const { return applyFixButton_; }
    void setApplyFixAllowed(bool allowed);

signals:
    // "Replay this run" from the run table's context menu: the run's recording and its index there.
    void replayRequested(const QString& recordingPath, int recordedRun);
    // "Compare with" a row or a file: both recordings and run indices
    // (`otherPath` empty: the user picks a recording file).
    void compareRequested(const QString& recordingPath, int recordedRun, const QString& otherPath, int otherRun);
    // The user asked for the selected finding's changes (button or double-click).
    void applyFixRequested(const std::vector<oversub::ui::KnobChangeText>& changes);

private:
    void refresh();
    void selectFirstFix();
    void updateApplyFix();

    RunStore* store_;
    int selectedRun_ = -1;
    int allowedPus_ = 0;
    RunTableModel* runModel_;
    QSortFilterProxyModel* runProxy_;
    FindingsModel* findingsModel_;
    WorkerTableModel* workerModel_;
    QTableView* runTable_;
    QListView* findingsList_;
    QPushButton* applyFixButton_;
    bool applyFixAllowed_ = true;
    QTableView* workerTable_;
    RunDetailsView* runDetails_;
    QTabWidget* detailTabs_;
    QSplitter* tables_;
    PhaseChart* phaseChart_;
    SpeedupChart* speedupChart_;
    TimelineChart* timelineChart_;
    HeatMapView* heatMap_;
    std::vector<events::WorkerStats> liveWorkers_;
};

} // namespace oversub::ui
