#include "charts/speedup_chart.h"

#include "analysis/speedup.h"
#include "analysis/statistics.h"
#include "charts/nice_ticks.h"
#include "experiment/experiment.h"
#include "experiment/series.h"
#include "models/run_store.h"
#include "ui_palette.h"

#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace oversub::ui {
namespace {

constexpr int kMaxThreadTicks = 10;

bool memoryBound(const Experiment& e) { return e.workload == Workload::Triad || e.workload == Workload::Elementwise; }

double numberOr(const nlohmann::json& object, const char* key, double fallback) {
    return object.is_object() && object.contains(key) && object[key].is_number() ? object[key].get<double>() : fallback;
}

} // namespace

std::optional<BandwidthCeiling> bandwidthCeilingOf(const nlohmann::json& summary) {
    if (!summary.is_object() || !summary.contains("bandwidth")) return std::nullopt;
    const auto& bw = summary["bandwidth"];
    BandwidthCeiling c;
    c.ceiling = numberOr(bw, "ceiling", 0);
    c.machineGbps = numberOr(bw, "machine_gbps", 0);
    c.oneWorkerGbps = numberOr(bw, "one_worker_gbps", 0);
    if (c.ceiling <= 0 || c.machineGbps <= 0) return std::nullopt;
    return c;
}

SpeedupCurve speedupCurveOf(const std::vector<StoredRun>& runs, int selected, int allowedPus) {
    SpeedupCurve curve;
    if (runs.empty()) return curve;
    const size_t anchor =
        selected >= 0 && selected < static_cast<int>(runs.size()) ? static_cast<size_t>(selected) : runs.size() - 1;
    // One series: every knob equal except workers and threads (core's definition).
    const std::string series = seriesKey(runs[anchor].record.experiment);
    std::map<std::pair<int, int>, std::vector<double>> times; // (workers, threads) -> timed intervals
    for (const auto& run : runs) {
        const auto& r = run.record;
        if (r.warmup || r.done.status != events::RunStatus::Ok || r.done.timedSeconds() <= 0) continue;
        if (seriesKey(r.experiment) != series) continue;
        times[{r.experiment.workers, r.experiment.threads}].push_back(r.done.timedSeconds());
    }
    if (times.size() < 2) return curve;
    std::vector<analysis::ScalingPoint> points;
    for (const auto& [key, values] : times) {
        analysis::ScalingPoint p;
        p.workers = key.first;
        p.threadsPerWorker = key.second;
        p.label = "workers=" + std::to_string(key.first) + " threads=" + std::to_string(key.second);
        p.seconds = analysis::summarize(values);
        points.push_back(p);
    }
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) {
        return a.workers * a.threadsPerWorker < b.workers * b.threadsPerWorker;
    });
    const auto analysis = analysis::analyzeScaling(points, allowedPus);
    curve.baseResources = analysis.points[analysis.baseIndex].resources;
    curve.baseDescription = analysis.baseDescription();
    for (const auto& p : analysis.points)
        curve.points.push_back(
            {p.workers, p.threadsPerWorker, static_cast<double>(p.resources), p.speedup, p.efficiency});
    if (analysis.amdahl) {
        curve.hasAmdahl = true;
        curve.serialFraction = analysis.amdahl->serialFraction;
    }
    return curve;
}

SpeedupChart::SpeedupChart(QWidget* parent) : ChartPanel(tr("Speedup and efficiency"), parent) {
    const UiPalette palette = UiPalette::fromPalette(this->palette());
    x_ = new QValueAxis(this);
    x_->setTitleText(tr("workers x threads per worker (compute threads)"));
    x_->setLabelFormat(QStringLiteral("%d"));
    y_ = new QValueAxis(this);
    y_->setTitleText(tr("speedup (x, vs base)"));
    y_->setLabelFormat(QStringLiteral("%.1f"));
    yEfficiency_ = new QValueAxis(this);
    yEfficiency_->setTitleText(tr("efficiency (%)"));
    // 0, 20, ... 120 %; its grid would cross the speedup's, so only its labels show.
    yEfficiency_->setRange(0, 120);
    yEfficiency_->setTickType(QValueAxis::TicksDynamic);
    yEfficiency_->setTickAnchor(0);
    yEfficiency_->setTickInterval(20);
    yEfficiency_->setGridLineVisible(false);
    yEfficiency_->setLabelFormat(QStringLiteral("%d"));
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    chart()->addAxis(yEfficiency_, Qt::AlignRight);
    auto line = [&](const QString& name, const QColor& color, Qt::PenStyle style, qreal width, QValueAxis* y) {
        auto* s = new QLineSeries(this);
        s->setName(name);
        QPen pen(color, width, style);
        s->setPen(pen);
        chart()->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y);
        return s;
    };
    ideal_ = line(tr("ideal"), palette.color(ColorRole::Ideal), Qt::DashLine, 1.5, y_);
    // Role colours, not worker colours: these lines are not workers.
    amdahl_ = line(tr("Amdahl fit"), palette.color(ColorRole::CpuSoftirq), Qt::DotLine, 2, y_);
    efficiency_ = line(tr("efficiency"), palette.color(ColorRole::CpuIrq), Qt::SolidLine, 1.5, yEfficiency_);
    efficiency_->setObjectName(QStringLiteral("efficiency"));
    efficiency_->setPointsVisible(true);
    measured_ = line(tr("measured speedup"), palette.color(ColorRole::CpuNice), Qt::SolidLine, 2.5, y_);
    ceiling_ = line(tr("memory bandwidth ceiling"), palette.color(ColorRole::CpuSystem), Qt::DashLine, 2, y_);
    ceiling_->setObjectName(QStringLiteral("bandwidthCeiling"));
    ceilingLabel_ = new QGraphicsSimpleTextItem(chart());
    ceilingLabel_->setBrush(palette.color(ColorRole::CpuSystem));
    ceilingLabel_->setVisible(false);
    connect(chart(), &QChart::plotAreaChanged, this, [this] { placeCeilingLabel(); });
    measuredDots_ = new QScatterSeries(this);
    measuredDots_->setColor(palette.color(ColorRole::CpuNice));
    measuredDots_->setMarkerSize(9);
    chart()->addSeries(measuredDots_);
    measuredDots_->attachAxis(x_);
    measuredDots_->attachAxis(y_);
    // One legend entry for the measured curve.
    chart()->legend()->markers(measuredDots_).first()->setVisible(false);
    setPlaceholder(tr("needs runs at two or more workers x threads: sweep (F6)"));
    restyle();
}

void SpeedupChart::restyle() {
    const UiPalette palette = UiPalette::fromPalette(this->palette());
    ideal_->setPen(QPen(palette.color(ColorRole::Ideal), 1.5, Qt::DashLine));
    amdahl_->setPen(QPen(palette.color(ColorRole::CpuSoftirq), 2, Qt::DotLine));
    efficiency_->setPen(QPen(palette.color(ColorRole::CpuIrq), 1.5, Qt::SolidLine));
    measured_->setPen(QPen(palette.color(ColorRole::CpuNice), 2.5, Qt::SolidLine));
    measuredDots_->setColor(palette.color(ColorRole::CpuNice));
    ceiling_->setPen(QPen(palette.color(ColorRole::CpuSystem), 2, Qt::DashLine));
    ceilingLabel_->setBrush(palette.color(ColorRole::CpuSystem));
}

void SpeedupChart::setBandwidthCeiling(int invocation, const BandwidthCeiling& ceiling) {
    ceilings_[invocation] = ceiling;
}

QString SpeedupChart::ceilingText() const {
    if (!shown_) return {};
    return tr("memory bandwidth ceiling %1x (measured %2 GB/s)")
        .arg(shown_->ceiling, 0, 'f', 1)
        .arg(shown_->machineGbps, 0, 'f', 1);
}

void SpeedupChart::placeCeilingLabel() {
    if (!shown_ || ceiling_->count() < 2) {
        ceilingLabel_->setVisible(false);
        return;
    }
    // Just above the line's left end, inside the plot.
    const QPointF left = chart()->mapToPosition(ceiling_->at(0), ceiling_);
    const QRectF text = ceilingLabel_->boundingRect();
    ceilingLabel_->setPos(left.x() + 8, left.y() - text.height() - 2);
    ceilingLabel_->setVisible(chart()->plotArea().contains(left + QPointF(1, 0)));
}

void SpeedupChart::setRuns(const std::vector<StoredRun>& runs, int selected, int allowedPus) {
    curve_ = speedupCurveOf(runs, selected, allowedPus);
    // The ceiling of the selected run's sweep, if it measured one and the run is memory-bound.
    shown_.reset();
    if (!runs.empty() && !curve_.points.empty()) {
        const auto& anchor = selected >= 0 && selected < static_cast<int>(runs.size()) ? runs[selected] : runs.back();
        auto it = ceilings_.find(anchor.invocation);
        if (it != ceilings_.end() && memoryBound(anchor.record.experiment)) shown_ = it->second;
    }
    QList<QPointF> measured, ideal, efficiency, amdahl;
    double maxX = 1, maxY = 1;
    for (const auto& p : curve_.points) {
        measured << QPointF(p.resources, p.speedup);
        // The base is 100 % efficient by definition (core leaves it unset): the
        // line starts there, so one point beyond the base is a line, not nothing.
        if (p.efficiency) efficiency << QPointF(p.resources, 100 * *p.efficiency);
        else if (p.resources == curve_.baseResources) efficiency << QPointF(p.resources, 100);
        maxX = std::max(maxX, p.resources);
        maxY = std::max(maxY, p.speedup);
    }
    if (!curve_.points.empty()) {
        const double minX = curve_.points.front().resources;
        ideal << QPointF(minX, minX / curve_.baseResources) << QPointF(maxX, maxX / curve_.baseResources);
        maxY = std::max(maxY, maxX / curve_.baseResources);
        if (curve_.hasAmdahl) {
            const double base = analysis::amdahlSpeedup(curve_.serialFraction, curve_.baseResources);
            for (int i = 0; i <= 40; ++i) {
                const double p = minX + (maxX - minX) * i / 40.0;
                amdahl << QPointF(p, analysis::amdahlSpeedup(curve_.serialFraction, p) / base);
            }
            amdahl_->setName(tr("Amdahl fit, serial %1%").arg(100 * curve_.serialFraction, 0, 'f', 1));
        }
    }
    measured_->replace(measured);
    measuredDots_->replace(measured);
    ideal_->replace(ideal);
    efficiency_->replace(efficiency);
    amdahl_->replace(amdahl);
    // Whole-number ticks on the thread axis, 1-2-5 steps on both.
    setNiceRange(x_, maxX + 0.5, kMaxThreadTicks, 1);
    const double xMax = x_->max();
    QList<QPointF> ceiling;
    if (shown_) {
        ceiling << QPointF(0, shown_->ceiling) << QPointF(xMax, shown_->ceiling);
        maxY = std::max(maxY, shown_->ceiling);
        ceiling_->setName(ceilingText());
        ceilingLabel_->setText(ceilingText());
    }
    ceiling_->replace(ceiling);
    ceiling_->setVisible(shown_.has_value());
    for (QLegendMarker* marker : chart()->legend()->markers(ceiling_)) marker->setVisible(shown_.has_value());
    setNiceRange(y_, maxY * 1.1);
    placeCeilingLabel();
    setPlaceholder(curve_.points.empty() ? tr("needs runs at two or more workers x threads: sweep (F6)") : QString());
}

} // namespace oversub::ui
