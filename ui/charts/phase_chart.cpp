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
    const auto& p = done.phases;
    PhaseStack s;
    s.prepareSeconds = p.prepareSeconds;
    s.spawnSeconds = p.spawnSeconds;
    s.deliverySeconds = p.deliverySeconds;
    s.computeSeconds = p.computeSeconds;
    s.collectSeconds = p.collectSeconds;
    s.waitSeconds = p.waitSeconds;
    s.teardownSeconds = p.teardownSeconds;
    // The engine's phases add up to the wall time; recordings made before
    // prepare and wait were named leave a remainder, drawn as such.
    // (Rounding leaves nanoseconds over in a new file: not a phase to draw.)
    constexpr double kRoundingSeconds = 1e-6;
    const double rest = done.wallSeconds - p.sum();
    s.unaccountedSeconds = rest > kRoundingSeconds ? rest : 0.0;
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
    setToolTip(tr("prepare: inputs built before the first fork. spawn, delivery, compute, collect and wait: the "
                  "mean worker's time from inputs ready to release (wait: ready with no task, e.g. for the slowest "
                  "worker). teardown: release to the last worker reaped. Speedups use the wall time less prepare."));
}

void PhaseChart::setRuns(const std::vector<StoredRun>& runs, int selected) {
    series_->clear();
    x_->clear();
    const int last =
        selected < 0 || selected >= static_cast<int>(runs.size()) ? static_cast<int>(runs.size()) - 1 : selected;
    const int first = std::max(0, last - kMaxRuns + 1);
    const UiPalette palette = UiPalette::fromPalette(this->palette());
    struct Part {
        QString name;
        QColor color;
        double PhaseStack::*member;
    };
    const Part parts[] = {
        {tr("prepare"), palette.color(ColorRole::CpuSteal), &PhaseStack::prepareSeconds},
        {tr("spawn"), palette.color(ColorRole::CpuSoftirq), &PhaseStack::spawnSeconds},
        {tr("delivery"), palette.color(ColorRole::CpuNice), &PhaseStack::deliverySeconds},
        {tr("compute"), palette.color(ColorRole::CpuUser), &PhaseStack::computeSeconds},
        {tr("collect"), palette.color(ColorRole::CpuIrq), &PhaseStack::collectSeconds},
        {tr("wait"), palette.color(ColorRole::CpuIowait), &PhaseStack::waitSeconds},
        {tr("teardown"), palette.color(ColorRole::CpuSystem), &PhaseStack::teardownSeconds},
    };
    // A remainder only appears for recordings older than the named phases.
    bool anyUnaccounted = false;
    for (int i = first; i <= last && last >= 0; ++i)
        anyUnaccounted = anyUnaccounted || phaseStackOf(runs[static_cast<size_t>(i)]).unaccountedSeconds > 0;
    std::vector<Part> shown(std::begin(parts), std::end(parts));
    if (anyUnaccounted)
        shown.push_back(
            {tr("not in a phase (older file)"), palette.color(ColorRole::TextDim), &PhaseStack::unaccountedSeconds});
    std::vector<QBarSet*> sets;
    for (const auto& part : shown) {
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
        for (size_t p = 0; p < sets.size(); ++p) sets[p]->append(stack.*(shown[p].member));
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
