#include "charts/timeline_chart.h"

#include "analysis/phase_spans.h"
#include "charts/nice_ticks.h"
#include "charts/phase_marks.h"
#include "models/run_store.h"
#include "ui_palette.h"

#include <QCategoryAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <map>

namespace oversub::ui {
namespace {
constexpr int kMaxTimeTicks = 8;
}

std::vector<TimelineBar> timelineBars(const StoredRun& run, size_t maxBars) {
    std::map<int, std::vector<std::pair<double, double>>> byWorker;
    double span = 0;
    for (const auto& t : run.tasks) {
        byWorker[t.worker].emplace_back(t.t0Seconds, t.t1Seconds);
        span = std::max(span, t.t1Seconds);
    }
    for (auto& [w, intervals] : byWorker) std::sort(intervals.begin(), intervals.end());
    double gap = 0;
    for (int attempt = 0; attempt < 40; ++attempt) {
        std::vector<TimelineBar> bars;
        for (const auto& [worker, intervals] : byWorker) {
            for (const auto& [t0, t1] : intervals) {
                if (!bars.empty() && bars.back().worker == worker && t0 - bars.back().t1Seconds <= gap) {
                    bars.back().t1Seconds = std::max(bars.back().t1Seconds, t1);
                    ++bars.back().tasks;
                } else {
                    bars.push_back({worker, t0, t1, 1});
                }
            }
        }
        if (bars.size() <= maxBars) return bars;
        gap = gap == 0 ? std::max(span, 1e-6) / 2000 : gap * 2;
    }
    return {};
}

TimelineChart::TimelineChart(QWidget* parent) : ChartPanel(tr("Tasks per worker (timeline)"), parent) {
    x_ = new QValueAxis(this);
    x_->setTitleText(tr("time since the run started (s)"));
    y_ = new QCategoryAxis(this);
    y_->setTitleText(tr("worker"));
    y_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    chart()->legend()->setVisible(false);
    setPlaceholder(tr("select a run in the table"));
    phaseMarks_ = std::make_unique<PhaseMarks>(chart());
    connect(chart(), &QChart::plotAreaChanged, this, &TimelineChart::layoutPhaseMarks);
    connect(x_, &QValueAxis::rangeChanged, this, &TimelineChart::layoutPhaseMarks);
}

TimelineChart::~TimelineChart() = default;

void TimelineChart::layoutPhaseMarks() {
    phaseMarks_->layout(x_->min(), x_->max(), 0, UiPalette::fromPalette(palette()).color(ColorRole::Text));
}

void TimelineChart::restyle() { layoutPhaseMarks(); }

void TimelineChart::setRun(const StoredRun* run, int tableRow) {
    for (auto* s : series_) {
        chart()->removeSeries(s);
        delete s;
    }
    series_.clear();
    for (const QString& label : y_->categoriesLabels()) y_->remove(label);
    bars_.clear();
    workers_ = 0;
    phaseMarks_->clear();
    if (!run || run->tasks.empty()) {
        chart()->setTitle(tr("Tasks per worker (timeline)"));
        setPlaceholder(run ? tr("this run reported no tasks") : tr("select a run in the table"));
        return;
    }
    bars_ = timelineBars(*run);
    for (const auto& w : run->record.done.workers) workers_ = std::max(workers_, w.worker + 1);
    for (const auto& b : bars_) workers_ = std::max(workers_, b.worker + 1);
    const UiPalette palette = UiPalette::fromPalette(this->palette());
    double end = run->record.done.wallSeconds;
    for (const auto& bar : bars_) {
        auto* s = new QLineSeries;
        s->append(bar.t0Seconds, bar.worker);
        s->append(bar.t1Seconds, bar.worker);
        s->setColor(palette.worker(bar.worker));
        chart()->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
        series_.push_back(s);
        end = std::max(end, bar.t1Seconds);
    }
    for (int w = 0; w < workers_; ++w) y_->append(tr("worker %1").arg(w), w);
    y_->setRange(-0.6, workers_ - 0.4);
    setNiceRange(x_, end > 0 ? end : 1, kMaxTimeTicks);
    chart()->setTitle(tr("Tasks per worker, run #%1 (%2 tasks)").arg(tableRow + 1).arg(run->tasks.size()));
    setPlaceholder(QString());
    updateBarWidth();
    phaseMarks_->addRun(0, analysis::phaseSpans(run->record.done.phases, run->record.done.wallSeconds));
    layoutPhaseMarks();
}

void TimelineChart::updateBarWidth() {
    if (workers_ == 0) return;
    const qreal rowPixels = chart()->plotArea().height() / std::max(1, workers_);
    const qreal width = std::clamp(rowPixels * 0.6, 2.0, 40.0);
    for (auto* s : series_) {
        QPen pen = s->pen();
        pen.setWidthF(width);
        pen.setCapStyle(Qt::FlatCap);
        s->setPen(pen);
    }
}

void TimelineChart::resizeEvent(QResizeEvent* event) {
    ChartPanel::resizeEvent(event);
    updateBarWidth();
}

} // namespace oversub::ui
