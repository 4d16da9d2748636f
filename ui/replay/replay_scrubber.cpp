#include "replay/replay_scrubber.h"

#include "ui_palette.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace oversub::ui {
namespace {
constexpr int kMargin = 6;
}

ReplayScrubber::ReplayScrubber(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("replayScrubber"));
    setMouseTracking(false);
    setFocusPolicy(Qt::NoFocus);
    setToolTip(tr("Click or drag to move to a moment of the recording; runs are bars, their prepare, spawn "
                  "and teardown shaded"));
}

void ReplayScrubber::setTimeline(const ReplayTimeline& timeline) {
    runs_ = timeline.runs;
    duration_ = timeline.durationSeconds;
    marks_.clear();
    for (const auto& run : runs_)
        for (const auto& span : run.phases)
            marks_.push_back(
                {run.run, span.name, run.startSeconds + span.beginSeconds, run.startSeconds + span.endSeconds});
    position_ = 0;
    update();
}

void ReplayScrubber::setPosition(double seconds) {
    position_ = seconds;
    update();
}

QSize ReplayScrubber::sizeHint() const { return {600, fontMetrics().height() * 2 + 2 * kMargin}; }
QSize ReplayScrubber::minimumSizeHint() const { return {120, fontMetrics().height() + 2 * kMargin}; }

QRectF ReplayScrubber::track() const { return QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin); }

double ReplayScrubber::xOf(double seconds) const {
    const QRectF t = track();
    return duration_ > 0 ? t.left() + seconds / duration_ * t.width() : t.left();
}

double ReplayScrubber::secondsAt(double x) const {
    const QRectF t = track();
    if (t.width() <= 0 || duration_ <= 0) return 0;
    return std::clamp((x - t.left()) / t.width(), 0.0, 1.0) * duration_;
}

void ReplayScrubber::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const UiPalette colours = UiPalette::fromPalette(palette());
    const QRectF t = track();
    p.fillRect(t, colours.color(ColorRole::MeterTrack));
    QColor runColour = colours.color(ColorRole::CpuUser);
    runColour.setAlphaF(0.45);
    QColor phaseColour = colours.color(ColorRole::Text);
    phaseColour.setAlphaF(0.25);
    for (const auto& run : runs_) {
        const QRectF bar(QPointF(xOf(run.startSeconds), t.top()),
                         QPointF(std::max(xOf(run.endSeconds), xOf(run.startSeconds) + 1), t.bottom()));
        p.fillRect(bar, runColour);
        const QString label = QString::fromStdString(run.label);
        if (!label.isEmpty() && fontMetrics().horizontalAdvance(label) + 4 < bar.width()) {
            p.setPen(colours.color(ColorRole::Text));
            p.drawText(bar.adjusted(2, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter, label);
        }
    }
    for (const auto& mark : marks_) {
        if (mark.name == "compute") continue;
        const QRectF band(QPointF(xOf(mark.beginSeconds), t.top()), QPointF(xOf(mark.endSeconds), t.bottom()));
        if (band.width() >= 0.5) p.fillRect(band, phaseColour);
    }
    QPen cursor(colours.color(ColorRole::CpuSystem), 2);
    p.setPen(cursor);
    const double x = xOf(position_);
    p.drawLine(QPointF(x, rect().top()), QPointF(x, rect().bottom()));
}

void ReplayScrubber::mousePressEvent(QMouseEvent* event) { emit seekRequested(secondsAt(event->position().x())); }

void ReplayScrubber::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) emit seekRequested(secondsAt(event->position().x()));
}

} // namespace oversub::ui
