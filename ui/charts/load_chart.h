#pragma once
// Per-core load over the last 60 s: one line per PU up to 16 PUs; above
// that the machine's mean with the busiest and least busy PU, so a 512-PU
// machine stays a readable chart.
//
// Cheap at 20 Hz on a big machine: each tick is reduced to its few line
// values once, when it arrives (not the whole window on every tick); the
// lines are reduced to the plot's pixel columns (a column's mean, its
// busiest and its least busy moment, or a PU's low and high), so a line
// has at most two points a column however fast samples come; and the
// series are redrawn at most kMaxRedrawHz times a second (the window moves
// well under a pixel a tick), the latest samples always drawn last.
//
// Each run's phases are marked on the time axis (charts/phase_marks.h).

#include "analysis/phase_spans.h"
#include "charts/chart_panel.h"

#include <QElapsedTimer>
#include <QPen>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

class QLineSeries;
class QValueAxis;

namespace oversub::ui {

class PhaseMarks;
class SampleHistory;
struct HistoryTick;

class LoadChart : public ChartPanel {
    Q_OBJECT
public:
    static constexpr double kWindowSeconds = 60; // the live view's window
    // Ticks this much older than the window are kept, so lines reach the left edge.
    static constexpr double kEdgeSeconds = 1;
    static constexpr int kMaxPerPuLines = 16;
    static constexpr double kMaxRedrawHz = 5;

    explicit LoadChart(QWidget* parent = nullptr);
    ~LoadChart() override;

    // PUs to draw (OS indexes); resets the series.
    void setCpus(const std::vector<int>& cpus);
    // Takes the history's new ticks, x = seconds before `nowSeconds`; the
    // series follow at once if the last redraw is 1/kMaxRedrawHz old, else
    // when that much time has passed.
    void refresh(const SampleHistory& history, double nowSeconds);
    // How many seconds before now the chart shows (a replay shows its whole
    // recording); the title says it.
    void setWindowSeconds(double seconds);
    double windowSeconds() const { return windowSeconds_; }
    // Forgets every tick and phase mark drawn (the PUs stay).
    void clear();
    // Brings the series up to date now (tests, export).
    void redrawNow();
    // What the empty chart says (default: waiting for samples).
    void setIdleText(const QString& text);
    int seriesCount() const { return static_cast<int>(series_.size()); }
    // Pixel columns the 60 s are reduced to (the plot's width).
    int columnCount() const;
    bool redrawPending() const { return pending_; }
    // Marks a run's phases; `startSeconds` is its start on the window clock
    // (the clock of the history's arrival times).
    void addRunPhases(double startSeconds, std::vector<analysis::PhaseSpan> spans);
    const PhaseMarks& phaseMarks() const { return *phaseMarks_; }

protected:
    void resizeEvent(QResizeEvent* event) override;
    // Pens follow a live light/dark switch.
    void restyle() override;

private:
    // One tick reduced to its line values (% busy), NaN where a PU is missing.
    struct TickValues {
        double arrivalSeconds = 0;
        std::vector<double> values;
    };

    void ingest(const SampleHistory& history);
    TickValues reduce(const HistoryTick& tick) const;
    void dropOlderThan(double seconds);
    void applyToSeries();
    void layoutPhaseMarks();
    QPen penFor(size_t series) const;

    std::vector<int> cpus_;
    std::vector<int> seriesOfCpu_; // by OS index, -1 when not drawn (per-PU mode)
    std::vector<QLineSeries*> series_;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    bool perPu_ = true;
    QString idleText_;

    std::deque<TickValues> ticks_; // the window's ticks, oldest first
    std::unique_ptr<PhaseMarks> phaseMarks_;
    double nowSeconds_ = 0;
    double windowSeconds_ = kWindowSeconds;
    bool pending_ = false;
    QTimer redrawTimer_;
    QElapsedTimer sinceRedraw_;
};

} // namespace oversub::ui
