#include "charts/load_chart.h"

#include "charts/nice_ticks.h"
#include "charts/phase_marks.h"
#include "models/sample_history.h"
#include "ui_palette.h"

#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace oversub::ui {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr int kMinColumns = 32, kMaxColumns = 4096;

// How a line's ticks in one pixel column become its points there.
enum class ColumnReduction {
    Mean, // one point: the column's mean value at its mean time
    High, // one point: the column's highest value, where it happened
    Low, // one point: the column's lowest value, where it happened
    Range // the low and the high, in the order they happened (a PU's spikes stay visible)
};

struct ColumnAccumulator {
    int count = 0;
    double sumX = 0, sumY = 0;
    QPointF low{0, std::numeric_limits<double>::infinity()};
    QPointF high{0, -std::numeric_limits<double>::infinity()};

    void add(const QPointF& p) {
        ++count;
        sumX += p.x();
        sumY += p.y();
        if (p.y() < low.y()) low = p;
        if (p.y() > high.y()) high = p;
    }
    void emitInto(QList<QPointF>& out, ColumnReduction how) const {
        if (count == 0) return;
        switch (how) {
        case ColumnReduction::Mean: out.append(QPointF(sumX / count, sumY / count)); break;
        case ColumnReduction::High: out.append(high); break;
        case ColumnReduction::Low: out.append(low); break;
        case ColumnReduction::Range:
            if (low == high) {
                out.append(low);
            } else {
                out.append(low.x() <= high.x() ? low : high);
                out.append(low.x() <= high.x() ? high : low);
            }
            break;
        }
    }
};

} // namespace

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
    redrawTimer_.setSingleShot(true);
    connect(&redrawTimer_, &QTimer::timeout, this, &LoadChart::redrawNow);
    phaseMarks_ = std::make_unique<PhaseMarks>(chart());
    connect(chart(), &QChart::plotAreaChanged, this, &LoadChart::layoutPhaseMarks);
}

LoadChart::~LoadChart() = default;

void LoadChart::addRunPhases(double startSeconds, std::vector<analysis::PhaseSpan> spans) {
    phaseMarks_->addRun(startSeconds, std::move(spans));
    layoutPhaseMarks();
}

void LoadChart::layoutPhaseMarks() {
    phaseMarks_->dropEndedBefore(nowSeconds_ - windowSeconds_ - kEdgeSeconds);
    phaseMarks_->layout(-windowSeconds_, 0, nowSeconds_, UiPalette::fromPalette(palette()).color(ColorRole::Text));
}

void LoadChart::setWindowSeconds(double seconds) {
    windowSeconds_ = std::max(1.0, seconds);
    x_->setRange(-windowSeconds_, 0);
    // Ticks at a round interval back from now (every 10 s of the live 60 s).
    const double step = niceTickInterval(windowSeconds_, 6);
    x_->setTickCount(static_cast<int>(std::floor(windowSeconds_ / step + 1e-9)) + 1);
    x_->setLabelFormat(step < 1 ? QStringLiteral("%.1f") : QStringLiteral("%d"));
    chart()->setTitle(tr("Per-core load, last %1 s").arg(windowSeconds_));
    ticks_.clear(); // taken again from the history at the next refresh
    pending_ = true;
}

void LoadChart::clear() {
    ticks_.clear();
    phaseMarks_->clear();
    pending_ = false;
    redrawTimer_.stop();
    for (auto* s : series_) s->clear();
}

void LoadChart::setIdleText(const QString& text) {
    idleText_ = text;
    setPlaceholder(text);
}

void LoadChart::setCpus(const std::vector<int>& cpus) {
    if (cpus == cpus_ && !series_.empty()) return;
    cpus_ = cpus;
    ticks_.clear();
    phaseMarks_->clear();
    pending_ = false;
    redrawTimer_.stop();
    for (auto* s : series_) {
        chart()->removeSeries(s);
        delete s;
    }
    series_.clear();
    perPu_ = static_cast<int>(cpus.size()) <= kMaxPerPuLines;
    seriesOfCpu_.clear();
    if (perPu_)
        for (size_t i = 0; i < cpus.size(); ++i) {
            if (cpus[i] < 0) continue;
            if (static_cast<size_t>(cpus[i]) >= seriesOfCpu_.size()) seriesOfCpu_.resize(cpus[i] + 1, -1);
            seriesOfCpu_[cpus[i]] = static_cast<int>(i);
        }
    auto add = [&](const QString& name) {
        auto* s = new QLineSeries;
        s->setName(name);
        s->setPen(penFor(series_.size()));
        chart()->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
        series_.push_back(s);
    };
    if (perPu_) {
        for (int cpu : cpus) add(tr("PU %1").arg(cpu));
    } else {
        add(tr("mean of %1 PUs").arg(cpus.size()));
        add(tr("busiest PU"));
        add(tr("least busy PU"));
    }
}

QPen LoadChart::penFor(size_t series) const {
    const UiPalette palette = UiPalette::fromPalette(this->palette());
    QColor color;
    qreal width = 1.2;
    if (perPu_) {
        // PUs are not workers, but a distinct qualitative colour each reads best.
        const size_t count = std::max<size_t>(1, cpus_.size());
        color = QColor::fromHsv(static_cast<int>((series * 360) / count + 200) % 360, 200,
                                palette.scheme() == Scheme::Dark ? 240 : 190);
        width = 1.6;
    } else if (series == 0) {
        color = palette.color(ColorRole::CpuUser);
        width = 2.2;
    } else {
        color = palette.color(series == 1 ? ColorRole::CpuSystem : ColorRole::CpuNice);
    }
    QPen pen(color);
    pen.setWidthF(width);
    return pen;
}

void LoadChart::restyle() {
    for (size_t i = 0; i < series_.size(); ++i) series_[i]->setPen(penFor(i));
    layoutPhaseMarks();
}

LoadChart::TickValues LoadChart::reduce(const HistoryTick& tick) const {
    TickValues out;
    out.arrivalSeconds = tick.arrivalSeconds;
    out.values.assign(series_.size(), kMissing);
    if (perPu_) {
        for (size_t i = 0; i < tick.cpus.size(); ++i) {
            const int cpu = tick.cpus[i];
            if (cpu >= 0 && static_cast<size_t>(cpu) < seriesOfCpu_.size() && seriesOfCpu_[cpu] >= 0)
                out.values[static_cast<size_t>(seriesOfCpu_[cpu])] = 100.0 * tick.shares[i].busy();
        }
    } else if (!tick.shares.empty()) {
        double sum = 0, most = 0, least = 1;
        for (const auto& s : tick.shares) {
            const double busy = s.busy();
            sum += busy;
            most = std::max(most, busy);
            least = std::min(least, busy);
        }
        out.values[0] = 100.0 * sum / static_cast<double>(tick.shares.size());
        out.values[1] = 100.0 * most;
        out.values[2] = 100.0 * least;
    }
    return out;
}

void LoadChart::dropOlderThan(double seconds) {
    while (!ticks_.empty() && ticks_.front().arrivalSeconds < seconds) ticks_.pop_front();
}

void LoadChart::ingest(const SampleHistory& history) {
    const auto& all = history.ticks();
    const double oldest = nowSeconds_ - windowSeconds_ - kEdgeSeconds;
    // The history no longer holds what is drawn (cleared, trimmed, or the
    // clock went back): start again from what it holds.
    const bool stale = !ticks_.empty() && (all.front().arrivalSeconds > ticks_.front().arrivalSeconds ||
                                           all.back().arrivalSeconds < ticks_.back().arrivalSeconds);
    if (stale) ticks_.clear();
    const double latest = ticks_.empty() ? -std::numeric_limits<double>::infinity() : ticks_.back().arrivalSeconds;
    auto first = all.end();
    while (first != all.begin() && std::prev(first)->arrivalSeconds > latest &&
           std::prev(first)->arrivalSeconds >= oldest)
        --first;
    // Ticks that arrived in the same millisecond as the latest one drawn:
    // those past the ones already taken are new.
    if (!ticks_.empty()) {
        int sameTime = 0;
        for (auto it = first; it != all.begin() && std::prev(it)->arrivalSeconds == latest; --it) ++sameTime;
        int taken = 0;
        for (auto it = ticks_.rbegin(); it != ticks_.rend() && it->arrivalSeconds == latest; ++it) ++taken;
        first -= std::max(0, sameTime - taken);
    }
    for (auto it = first; it != all.end(); ++it) ticks_.push_back(reduce(*it));
    dropOlderThan(oldest);
}

void LoadChart::refresh(const SampleHistory& history, double nowSeconds) {
    if (series_.empty() || history.empty()) return;
    nowSeconds_ = nowSeconds;
    ingest(history);
    pending_ = true;
    const qint64 periodMs = static_cast<qint64>(1000 / kMaxRedrawHz);
    const qint64 sinceMs = sinceRedraw_.isValid() ? sinceRedraw_.elapsed() : periodMs;
    if (sinceMs >= periodMs) redrawNow();
    else if (!redrawTimer_.isActive()) redrawTimer_.start(static_cast<int>(periodMs - sinceMs));
}

void LoadChart::redrawNow() {
    redrawTimer_.stop();
    if (!pending_) return;
    pending_ = false;
    sinceRedraw_.start();
    applyToSeries();
    setPlaceholder(QString()); // samples came (maybe all older than the window)
}

int LoadChart::columnCount() const {
    const int plotWidth = static_cast<int>(chart()->plotArea().width());
    return std::clamp(plotWidth > 0 ? plotWidth : width(), kMinColumns, kMaxColumns);
}

void LoadChart::applyToSeries() {
    // Columns are fixed on the window clock, not on "now", so a column's
    // points do not change as the window slides: no shimmer between redraws.
    const double columnSeconds = windowSeconds_ / columnCount();
    for (size_t s = 0; s < series_.size(); ++s) {
        const ColumnReduction how = perPu_   ? ColumnReduction::Range
                                    : s == 0 ? ColumnReduction::Mean
                                    : s == 1 ? ColumnReduction::High
                                             : ColumnReduction::Low;
        QList<QPointF> points;
        points.reserve(2 * static_cast<qsizetype>(columnCount()) + 4);
        ColumnAccumulator column;
        double columnIndex = std::numeric_limits<double>::quiet_NaN();
        for (const TickValues& tick : ticks_) {
            const double value = tick.values[s];
            if (std::isnan(value)) continue;
            const double index = std::floor(tick.arrivalSeconds / columnSeconds);
            if (index != columnIndex) {
                column.emitInto(points, how);
                column = ColumnAccumulator{};
                columnIndex = index;
            }
            column.add(QPointF(tick.arrivalSeconds - nowSeconds_, value));
        }
        column.emitInto(points, how);
        series_[s]->replace(points);
    }
    layoutPhaseMarks();
}

void LoadChart::resizeEvent(QResizeEvent* event) {
    ChartPanel::resizeEvent(event);
    // The column width follows the plot's width.
    if (!ticks_.empty()) {
        pending_ = true;
        if (!redrawTimer_.isActive()) redrawTimer_.start(0);
    }
}

} // namespace oversub::ui
