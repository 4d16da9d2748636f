#pragma once
// Marks runs' phases on a time chart (the load chart's seconds before now,
// the timeline's seconds since the run started): a line where each phase starts and where the run ends,
// a faint band over the phases that are not compute (prepare, spawn,
// teardown: where a dip in load is expected), and each phase's name above
// it when its band is wide enough to hold it. So a dip is explained, not
// hidden. The marks are graphics items on the chart, placed again whenever
// the chart redraws or its plot area moves.

#include "analysis/phase_spans.h"

#include <QColor>
#include <QString>

#include <deque>
#include <vector>

class QChart;
class QGraphicsItem;

namespace oversub::ui {

class PhaseMarks {
public:
    explicit PhaseMarks(QChart* chart);
    ~PhaseMarks();
    PhaseMarks(const PhaseMarks&) = delete;
    PhaseMarks& operator=(const PhaseMarks&) = delete;

    // A run that started at `startSeconds` on the chart's clock.
    void addRun(double startSeconds, std::vector<analysis::PhaseSpan> spans);
    void clear();
    // Forgets runs that ended before `seconds` (window clock).
    void dropEndedBefore(double seconds);
    size_t runCount() const { return runs_.size(); }

    // Places the marks on an x axis from `axisMin` to `axisMax`, where a
    // moment `t` on the chart's clock is at t - `shift` (the load chart's
    // now; 0 for the timeline).
    void layout(double axisMin, double axisMax, double shift, const QColor& ink);

    // What the last layout drew, for tests: a labelled phase and where its
    // label's centre is, in axis units.
    struct Label {
        QString name;
        double centre = 0;
    };
    const std::vector<Label>& labels() const { return labels_; }
    int lineCount() const { return lineCount_; }

private:
    struct Run {
        double startSeconds = 0;
        std::vector<analysis::PhaseSpan> spans;
        double endSeconds() const { return startSeconds + (spans.empty() ? 0 : spans.back().endSeconds); }
    };
    void removeItems();

    QChart* chart_;
    std::deque<Run> runs_;
    std::vector<QGraphicsItem*> items_;
    std::vector<Label> labels_;
    int lineCount_ = 0;
};

} // namespace oversub::ui
