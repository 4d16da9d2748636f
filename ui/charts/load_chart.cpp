#include "charts/load_chart.h"

#include "models/sample_history.h"
#include "ui_palette.h"

#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <map>

namespace oversub::ui {

LoadChart::LoadChart(QWidget* parent) : ChartPanel(tr("Per-core load, last 60 s"), parent) {
    x_ = new QValueAxis(this);
    x_->setTitleText(tr("time (s, 0 = now)"));
    x_->setRange(-kWindowSeconds, 0);
    x_->setTickCount(7);
    x_->setLabelFormat(QStringLiteral("%d"));
    y_ = new QValueAxis(this);
    y_->setTitleText(tr("busy (% of the PU)"));
    y_->setRange(0, 100);
    y_->setTickCount(6);
    y_->setLabelFormat(QStringLiteral("%d"));
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    idleText_ = tr("waiting for samples from the engine");
    setPlaceholder(idleText_);
}

void LoadChart::setIdleText(const QString& text) {
    idleText_ = text;
    setPlaceholder(text);
}

void LoadChart::setCpus(const std::vector<int>& cpus) {
    if (cpus == cpus_ && !series_.empty()) return;
    cpus_ = cpus;
    for (auto* s : series_) {
        chart()->removeSeries(s);
        delete s;
    }
    series_.clear();
    perPu_ = static_cast<int>(cpus.size()) <= kMaxPerPuLines;
    const UiPalette palette = UiPalette::fromPalette(this->palette());
    auto add = [&](const QString& name, const QColor& color, qreal width) {
        auto* s = new QLineSeries;
        s->setName(name);
        QPen pen(color);
        pen.setWidthF(width);
        s->setPen(pen);
        chart()->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
        series_.push_back(s);
    };
    if (perPu_) {
        for (size_t i = 0; i < cpus.size(); ++i) {
            // PUs are not workers, but a distinct qualitative colour each reads best.
            const QColor color = QColor::fromHsv(static_cast<int>((i * 360) / std::max<size_t>(1, cpus.size()) + 200) % 360,
                                                 200, palette.scheme() == Scheme::Dark ? 240 : 190);
            add(tr("PU %1").arg(cpus[i]), color, 1.6);
        }
    } else {
        add(tr("mean of %1 PUs").arg(cpus.size()), palette.color(ColorRole::CpuUser), 2.2);
        add(tr("busiest PU"), palette.color(ColorRole::CpuSystem), 1.2);
        add(tr("least busy PU"), palette.color(ColorRole::CpuNice), 1.2);
    }
}

void LoadChart::refresh(const SampleHistory& history, double nowSeconds) {
    if (series_.empty() || history.empty()) return;
    std::vector<QList<QPointF>> points(series_.size());
    std::map<int, size_t> seriesOfCpu;
    if (perPu_)
        for (size_t i = 0; i < cpus_.size(); ++i) seriesOfCpu[cpus_[i]] = i;
    for (const auto& tick : history.ticks()) {
        const double x = tick.arrivalSeconds - nowSeconds;
        if (x < -kWindowSeconds - 1) continue;
        if (perPu_) {
            for (size_t i = 0; i < tick.cpus.size(); ++i)
                if (auto it = seriesOfCpu.find(tick.cpus[i]); it != seriesOfCpu.end())
                    points[it->second].append(QPointF(x, 100.0 * tick.shares[i].busy()));
        } else if (!tick.shares.empty()) {
            double sum = 0, most = 0, least = 1;
            for (const auto& s : tick.shares) {
                const double busy = s.busy();
                sum += busy;
                most = std::max(most, busy);
                least = std::min(least, busy);
            }
            points[0].append(QPointF(x, 100.0 * sum / tick.shares.size()));
            points[1].append(QPointF(x, 100.0 * most));
            points[2].append(QPointF(x, 100.0 * least));
        }
    }
    for (size_t i = 0; i < series_.size(); ++i) series_[i]->replace(points[i]);
    setPlaceholder(history.empty() ? idleText_ : QString());
}

} // namespace oversub::ui
