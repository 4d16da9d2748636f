#include "charts/phase_chart.h"

#include "models/run_store.h"
#include "ui_palette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace oversub::ui {

PhaseStack phaseStackOf(const StoredRun& run) {
    const auto& done = run.record.done;
    PhaseStack s;
    s.spawnSeconds = done.phases.spawnSeconds;
    // The mean over the workers that ran tasks, from their own totals (the
    // per-worker numbers have one meaning; run-level phases are documented
    // as sums but written as means, so they are not used here).
    int busy = 0;
    for (const auto& w : done.workers) {
        if (w.tasks == 0) continue;
        ++busy;
        s.deliverySeconds += w.deliverySeconds;
        s.computeSeconds += w.computeSeconds;
        s.collectSeconds += w.collectSeconds;
    }
    if (busy > 0) {
        s.deliverySeconds /= busy;
        s.computeSeconds /= busy;
        s.collectSeconds /= busy;
    } else {
        s.deliverySeconds = done.phases.deliverySeconds;
        s.computeSeconds = done.phases.computeSeconds;
        s.collectSeconds = done.phases.collectSeconds;
    }
    s.otherSeconds = std::max(0.0, done.wallSeconds - (s.spawnSeconds + s.deliverySeconds + s.computeSeconds + s.collectSeconds));
    return s;
}

PhaseChart::PhaseChart(QWidget* parent) : ChartPanel(tr("Wall time per run, by phase"), parent) {
    series_ = new QStackedBarSeries(this);
    chart()->addSeries(series_);
    x_ = new QBarCategoryAxis(this);
    x_->setTitleText(tr("run (# in the run table)"));
    y_ = new QValueAxis(this);
    y_->setTitleText(tr("wall time (s)"));
    y_->setLabelFormat(QStringLiteral("%.2f"));
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    series_->attachAxis(x_);
    series_->attachAxis(y_);
    setPlaceholder(tr("no run yet: press F5"));
    setToolTip(tr("spawn is wall time; delivery, compute and collect are the mean per worker; other is the rest of "
                  "the wall time (waiting for the slowest worker, teardown)"));
}

void PhaseChart::setRuns(const std::vector<StoredRun>& runs, int selected) {
    series_->clear();
    x_->clear();
    const int last = selected < 0 || selected >= static_cast<int>(runs.size()) ? static_cast<int>(runs.size()) - 1 : selected;
    const int first = std::max(0, last - kMaxRuns + 1);
    const UiPalette palette = UiPalette::fromPalette(this->palette());
    struct Part { QString name; QColor color; double PhaseStack::*member; };
    const Part parts[] = {
        {tr("spawn"), palette.color(ColorRole::CpuSoftirq), &PhaseStack::spawnSeconds},
        {tr("delivery"), palette.color(ColorRole::CpuNice), &PhaseStack::deliverySeconds},
        {tr("compute"), palette.color(ColorRole::CpuUser), &PhaseStack::computeSeconds},
        {tr("collect"), palette.color(ColorRole::CpuIrq), &PhaseStack::collectSeconds},
        {tr("other (wait, teardown)"), palette.color(ColorRole::CpuIowait), &PhaseStack::otherSeconds},
    };
    std::vector<QBarSet*> sets;
    for (const auto& part : parts) {
        auto* set = new QBarSet(part.name);
        set->setColor(part.color);
        set->setBorderColor(part.color.darker(120));
        sets.push_back(set);
    }
    QStringList categories;
    double top = 0;
    barCount_ = 0;
    for (int i = first; i <= last && last >= 0; ++i) {
        const PhaseStack stack = phaseStackOf(runs[static_cast<size_t>(i)]);
        for (size_t p = 0; p < sets.size(); ++p) sets[p]->append(stack.*(parts[p].member));
        categories << (i == selected ? QStringLiteral("[#%1]").arg(i + 1) : QStringLiteral("#%1").arg(i + 1));
        top = std::max(top, stack.total());
        ++barCount_;
    }
    for (auto* set : sets) series_->append(set);
    x_->append(categories);
    y_->setRange(0, top > 0 ? top * 1.1 : 1);
    setPlaceholder(barCount_ == 0 ? tr("no run yet: press F5") : QString());
}

} // namespace oversub::ui
