#include "charts/phase_chart.h"

#include "charts/nice_ticks.h"
#include "models/run_store.h"
#include "ui_palette.h"

#include <QBarCategoryAxis>
#include <QBarLegendMarker>
#include <QBarSet>
#include <QCategoryAxis>
#include <QLegend>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace oversub::ui {
namespace {

const QChar kInvisible(0x200B); // zero-width space

} // namespace

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
    x_->setTitleVisible(false);
    // A second row under the run numbers: one span per sweep point. Not
    // attached to the series; its range follows the bar slots.
    points_ = new QCategoryAxis(this);
    points_->setObjectName(QStringLiteral("pointAxis"));
    points_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    points_->setGridLineVisible(false);
    points_->setTitleText(pointAxisTitle_);
    y_ = new QValueAxis(this);
    y_->setTitleText(tr("wall time (s)"));
    chart()->addAxis(x_, Qt::AlignBottom);
    chart()->addAxis(points_, Qt::AlignBottom);
    chart()->addAxis(y_, Qt::AlignLeft);
    series_->attachAxis(x_);
    series_->attachAxis(y_);
    setPlaceholder(tr("no run yet: press F5"));
    setToolTip(tr("prepare: inputs built before the first fork. spawn, delivery, compute, collect and wait: the "
                  "mean worker's time from inputs ready to release (wait: ready with no task, e.g. for the slowest "
                  "worker). teardown: release to the last worker reaped. Hatched: a warm-up run, not measured. "
                  "Speedups use the wall time less prepare."));
}

std::vector<PhaseChart::Slot> PhaseChart::slotsOf(const std::vector<StoredRun>& runs, int first, int last) {
    std::vector<Slot> out;
    if (last < first) return out;
    // Runs of one sweep point (of one invocation) are adjacent in run order.
    auto samePoint = [&](int a, int b) {
        const auto& ra = runs[static_cast<size_t>(a)];
        const auto& rb = runs[static_cast<size_t>(b)];
        return ra.invocation == rb.invocation && ra.record.point == rb.record.point;
    };
    // A gap between points only helps when some point has several bars.
    bool anyGroup = false;
    for (int i = first + 1; i <= last; ++i) anyGroup = anyGroup || samePoint(i - 1, i);
    int group = 0;
    for (int i = first; i <= last; ++i) {
        if (i > first && !samePoint(i - 1, i)) {
            ++group;
            if (anyGroup) out.push_back({-1, -1});
        }
        out.push_back({i, group});
    }
    return out;
}

void PhaseChart::setRuns(const std::vector<StoredRun>& runs, int selected) {
    series_->clear();
    x_->clear();
    for (const QString& label : points_->categoriesLabels()) points_->remove(label);
    const int last =
        selected < 0 || selected >= static_cast<int>(runs.size()) ? static_cast<int>(runs.size()) - 1 : selected;
    const int first = std::max(0, last - kMaxRuns + 1);
    const std::vector<Slot> places = slotsOf(runs, first, last);
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
    bool anyUnaccounted = false, anyWarmup = false;
    for (int i = first; i <= last && last >= 0; ++i) {
        anyUnaccounted = anyUnaccounted || phaseStackOf(runs[static_cast<size_t>(i)]).unaccountedSeconds > 0;
        anyWarmup = anyWarmup || runs[static_cast<size_t>(i)].record.warmup;
    }
    std::vector<Part> shown(std::begin(parts), std::end(parts));
    if (anyUnaccounted)
        shown.push_back(
            {tr("not in a phase (older file)"), palette.color(ColorRole::TextDim), &PhaseStack::unaccountedSeconds});
    // Warm-ups stack the same phases in hatched sets of their own (a bar
    // set has one brush), under one legend entry.
    auto makeSet = [](const QString& name, const QColor& color, bool hatched) {
        auto* set = new QBarSet(name);
        set->setBrush(QBrush(color, hatched ? kWarmupPattern : Qt::SolidPattern));
        set->setBorderColor(color.darker(120));
        return set;
    };
    std::vector<QBarSet*> sets, warmupSets;
    for (const auto& part : shown) {
        sets.push_back(makeSet(part.name, part.color, false));
        if (anyWarmup) warmupSets.push_back(makeSet(tr("%1, warm-up").arg(part.name), part.color, true));
    }
    QStringList categories;
    double top = 0;
    barCount_ = 0;
    int gaps = 0;
    for (const Slot& slot : places) {
        if (slot.run < 0) {
            for (auto* set : sets) set->append(0);
            for (auto* set : warmupSets) set->append(0);
            categories << QString(++gaps, QLatin1Char(' ')); // category names must differ
            continue;
        }
        const StoredRun& run = runs[static_cast<size_t>(slot.run)];
        const PhaseStack stack = phaseStackOf(run);
        const bool warmup = run.record.warmup;
        for (size_t p = 0; p < shown.size(); ++p) {
            const double value = stack.*(shown[p].member);
            sets[p]->append(warmup ? 0.0 : value);
            if (anyWarmup) warmupSets[p]->append(warmup ? value : 0.0);
        }
        categories << (slot.run == selected ? QStringLiteral("[#%1]").arg(slot.run + 1)
                                            : QStringLiteral("#%1").arg(slot.run + 1));
        top = std::max(top, stack.total());
        ++barCount_;
    }
    for (auto* set : sets) series_->append(set);
    for (auto* set : warmupSets) series_->append(set);
    if (anyWarmup) {
        // One legend entry says what hatching means; the hatched sets keep theirs hidden.
        auto* legendOnly = makeSet(tr("warm-up (hatched, not measured)"), palette.color(ColorRole::Text), true);
        for (int i = 0; i < categories.size(); ++i) legendOnly->append(0);
        series_->append(legendOnly);
        for (QLegendMarker* marker : chart()->legend()->markers(series_))
            if (auto* bar = qobject_cast<QBarLegendMarker*>(marker))
                marker->setVisible(std::find(warmupSets.begin(), warmupSets.end(), bar->barset()) == warmupSets.end());
    }
    x_->append(categories);
    placePointLabels(runs, places);
    setNiceRange(y_, top > 0 ? top * 1.05 : 1);
    setPlaceholder(barCount_ == 0 ? tr("no run yet: press F5") : QString());
}

void PhaseChart::placePointLabels(const std::vector<StoredRun>& runs, const std::vector<Slot>& places) {
    const int count = static_cast<int>(places.size());
    // Span labels must differ (a gap, two invocations of one point): zero-width spaces tell them apart.
    auto append = [this](QString label, double end) {
        if (label.isEmpty()) label = kInvisible;
        while (points_->categoriesLabels().contains(label)) label += kInvisible;
        points_->append(label, end);
    };
    bool anyLabel = false;
    points_->setStartValue(-0.5);
    for (int i = 0; i < count;) {
        if (places[static_cast<size_t>(i)].run < 0) {
            append(QString(), i + 0.5);
            ++i;
            continue;
        }
        int end = i;
        while (end + 1 < count && places[static_cast<size_t>(end + 1)].group == places[static_cast<size_t>(i)].group)
            ++end;
        const auto& record = runs[static_cast<size_t>(places[static_cast<size_t>(i)].run)].record;
        anyLabel = anyLabel || !record.label.empty();
        append(QString::fromStdString(record.label), end + 0.5);
        i = end + 1;
    }
    points_->setRange(-0.5, count > 0 ? count - 0.5 : 0.5);
    points_->setVisible(anyLabel);
    x_->setTitleText(runAxisTitle_);
    points_->setTitleText(pointAxisTitle_);
    x_->setTitleVisible(!anyLabel); // otherwise the point row's title says it
}

QStringList PhaseChart::categories() const { return x_->categories(); }

QStringList PhaseChart::pointLabels() const {
    QStringList out;
    for (const QString& label : points_->categoriesLabels()) {
        QString shown = label;
        shown.remove(kInvisible);
        out << shown;
    }
    return out;
}

bool PhaseChart::isHatched(int category) const {
    for (const QBarSet* set : series_->barSets())
        if (set->brush().style() == kWarmupPattern && category < set->count() && set->at(category) > 0) return true;
    return false;
}

} // namespace oversub::ui
