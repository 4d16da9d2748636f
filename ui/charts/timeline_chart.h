#pragma once
// The selected run as a Gantt chart: one row per worker, one bar per task
// (start to end as the engine timed them), in the worker's colour. Bars of a
// worker that touch are merged so a run of thousands of tasks stays a chart
// of a few hundred segments. The run's phases are marked on the time axis
// (charts/phase_marks.h), so the time before the first task is explained.

#include "charts/chart_panel.h"

#include <memory>
#include <vector>

class QCategoryAxis;
class QLineSeries;
class QValueAxis;

namespace oversub::ui {

class PhaseMarks;
struct StoredRun;

struct TimelineBar {
    int worker = 0;
    double t0Seconds = 0, t1Seconds = 0;
    int tasks = 1; // tasks merged into this bar
};

// Per worker, tasks in time order, merging bars closer than `mergeGapSeconds`,
// at most `maxBars` in all (the gap grows until they fit).
std::vector<TimelineBar> timelineBars(const StoredRun& run, size_t maxBars = 400);

class TimelineChart : public ChartPanel {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget* parent = nullptr);
    ~TimelineChart() override;
    void setRun(const StoredRun* run, int tableRow);
    int barCount() const { return static_cast<int>(bars_.size()); }
    const PhaseMarks& phaseMarks() const { return *phaseMarks_; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    void updateBarWidth();
    void layoutPhaseMarks();

    std::vector<TimelineBar> bars_;
    std::vector<QLineSeries*> series_;
    QValueAxis* x_ = nullptr;
    QCategoryAxis* y_ = nullptr;
    int workers_ = 0;
    std::unique_ptr<PhaseMarks> phaseMarks_;
};

} // namespace oversub::ui
