#pragma once
// Wall time per run as stacked phases. Spawn is wall time; delivery, compute
// and collect are the mean over the workers' own totals, and what remains of
// the wall time (waiting for the slowest worker, teardown) is drawn as
// "other": the stack adds up to the measured wall time exactly.

#include "charts/chart_panel.h"

#include <vector>

class QBarCategoryAxis;
class QStackedBarSeries;
class QValueAxis;

namespace oversub::ui {

struct StoredRun;

struct PhaseStack {
    double spawnSeconds = 0, deliverySeconds = 0, computeSeconds = 0, collectSeconds = 0, otherSeconds = 0;
    double total() const { return spawnSeconds + deliverySeconds + computeSeconds + collectSeconds + otherSeconds; }
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
    int barCount() const { return barCount_; }

private:
    QStackedBarSeries* series_ = nullptr;
    QBarCategoryAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    int barCount_ = 0;
};

} // namespace oversub::ui
