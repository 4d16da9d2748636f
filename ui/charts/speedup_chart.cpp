#include "charts/speedup_chart.h"

#include "analysis/speedup.h"
#include "analysis/statistics.h"
#include "experiment/experiment.h"
#include "models/run_store.h"
#include "ui_palette.h"

#include <QLineSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace oversub::ui {
namespace {

// Knobs that must match for two runs to sit on one speedup curve.
std::string familyKey(const Experiment& e) {
    std::string key;
    for (const char* name : {"workload", "size", "iterations", "tasks", "schedule", "chunk", "affinity", "cpus",
                             "delivery", "result"})
        key += getKnob(e, name) + '|';
    return key;
}

} // namespace

SpeedupCurve speedupCurveOf(const std::vector<StoredRun>& runs, int selected) {
    SpeedupCurve curve;
    if (runs.empty()) return curve;
    const size_t anchor = selected >= 0 && selected < static_cast<int>(runs.size()) ? static_cast<size_t>(selected) : runs.size() - 1;
    const std::string family = familyKey(runs[anchor].record.experiment);
    std::map<std::pair<int, int>, std::vector<double>> walls; // (resources order via key) -> wall times
    for (const auto& run : runs) {
        const auto& r = run.record;
        if (r.warmup || r.done.status != events::RunStatus::Ok || r.done.wallSeconds <= 0) continue;
        if (familyKey(r.experiment) != family) continue;
        walls[{r.experiment.workers, r.experiment.threads}].push_back(r.done.wallSeconds);
    }
    if (walls.size() < 2) return curve;
    std::vector<analysis::ScalingPoint> points;
    for (const auto& [key, values] : walls) {
        analysis::ScalingPoint p;
        p.workers = key.first;
        p.threadsPerWorker = key.second;
        p.label = "workers=" + std::to_string(key.first) + " threads=" + std::to_string(key.second);
        p.wallSeconds = analysis::summarize(values);
        points.push_back(p);
    }
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) {
        return a.workers * a.threadsPerWorker < b.workers * b.threadsPerWorker;
    });
    const auto analysis = analysis::analyzeScaling(points);
    curve.baseResources = analysis.points[analysis.baseIndex].resources;
    curve.baseDescription = analysis.baseDescription();
    for (const auto& p : analysis.points)
        curve.points.push_back({p.workers, p.threadsPerWorker, static_cast<double>(p.resources), p.speedup, p.efficiency});
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
    yEfficiency_->setRange(0, 120);
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
    measured_ = line(tr("measured speedup"), palette.color(ColorRole::CpuNice), Qt::SolidLine, 2.5, y_);
    measuredDots_ = new QScatterSeries(this);
    measuredDots_->setColor(palette.color(ColorRole::CpuNice));
    measuredDots_->setMarkerSize(9);
    chart()->addSeries(measuredDots_);
    measuredDots_->attachAxis(x_);
    measuredDots_->attachAxis(y_);
    // One legend entry for the measured curve.
    chart()->legend()->markers(measuredDots_).first()->setVisible(false);
    setPlaceholder(tr("needs runs at two or more workers x threads: sweep (F6)"));
}

void SpeedupChart::setRuns(const std::vector<StoredRun>& runs, int selected) {
    curve_ = speedupCurveOf(runs, selected);
    QList<QPointF> measured, ideal, efficiency, amdahl;
    double maxX = 1, maxY = 1;
    for (const auto& p : curve_.points) {
        measured << QPointF(p.resources, p.speedup);
        efficiency << QPointF(p.resources, 100 * p.efficiency);
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
    // Whole-number ticks on the thread axis, round numbers on the speedup axis.
    const double step = maxX <= 10 ? 1 : std::ceil(maxX / 8);
    x_->setTickType(QValueAxis::TicksDynamic);
    x_->setTickAnchor(0);
    x_->setTickInterval(step);
    x_->setRange(0, std::ceil((maxX + 0.5) / step) * step);
    y_->setRange(0, maxY * 1.1);
    y_->applyNiceNumbers();
    setPlaceholder(curve_.points.empty() ? tr("needs runs at two or more workers x threads: sweep (F6)") : QString());
}

} // namespace oversub::ui
