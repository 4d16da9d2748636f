#pragma once
// Wall time per run as stacked phases, as the engine measured them: prepare,
// spawn, delivery, compute, collect, wait, teardown (docs/architecture.md,
// "Timing"); they add up to the wall time. Recordings made before prepare
// and wait were named show the rest as "not in a phase". Bars are grouped by
// sweep point (a gap between points, the point's label under its runs) and
// warm-up runs are hatched.

#include "charts/chart_panel.h"

#include <QStringList>

#include <vector>

class QBarCategoryAxis;
class QCategoryAxis;
class QStackedBarSeries;
class QValueAxis;

namespace oversub::ui {

struct StoredRun;

struct PhaseStack {
    double prepareSeconds = 0, spawnSeconds = 0, deliverySeconds = 0, computeSeconds = 0, collectSeconds = 0,
           waitSeconds = 0, teardownSeconds = 0, unaccountedSeconds = 0;
    double total() const {
        return prepareSeconds + spawnSeconds + deliverySeconds + computeSeconds + collectSeconds + waitSeconds +
               teardownSeconds + unaccountedSeconds;
    }
};

// The stack of one run (sums to its wall time when the phases fit in it).
PhaseStack phaseStackOf(const StoredRun& run);

class PhaseChart : public ChartPanel {
    Q_OBJECT
public:
    static constexpr int kMaxRuns = 16;
    explicit PhaseChart(QWidget* parent = nullptr);
    // Shows the last kMaxRuns runs up to and including `selected` (-1: the last).
    void setRuns(const std::vector<StoredRun>& runs, int selected);
    // What the bars' numbers are, and the title of the row of point labels
    // under them (by default the run table's numbers); applies from the next setRuns.
    void setAxisTitles(const QString& runs, const QString& points) {
        runAxisTitle_ = runs;
        pointAxisTitle_ = points;
    }
    int barCount() const { return barCount_; }
    // What the axes show: one category per bar and per gap between points
    // (a gap's name is blank), and one label per sweep point.
    QStringList categories() const;
    QStringList pointLabels() const;
    // Whether the bar of `category` is drawn hatched (a warm-up run).
    bool isHatched(int category) const;

private:
    static constexpr Qt::BrushStyle kWarmupPattern = Qt::BDiagPattern;
    struct Slot {
        int run = -1; // index into the runs; -1 for a gap between points
        int group = -1; // which sweep point, counted from the first shown
    };
    static std::vector<Slot> slotsOf(const std::vector<StoredRun>& runs, int first, int last);
    void placePointLabels(const std::vector<StoredRun>& runs, const std::vector<Slot>& places);

    QStackedBarSeries* series_ = nullptr;
    QBarCategoryAxis* x_ = nullptr;
    QCategoryAxis* points_ = nullptr;
    QValueAxis* y_ = nullptr;
    int barCount_ = 0;
    QString runAxisTitle_ = tr("run (# in the run table)");
    QString pointAxisTitle_ = tr("run (# in the run table), by sweep point");
};

} // namespace oversub::ui
