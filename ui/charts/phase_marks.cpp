#include "charts/phase_marks.h"

#include <QBrush>
#include <QChart>
#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPen>

#include <cmath>

namespace oversub::ui {
namespace {

// Boundaries closer than this (pixels) are drawn once: a 0.3 ms prepare
// is not a line of its own.
constexpr double kMinLineGapPx = 3;
// Above the series, below the legend and the placeholder text.
constexpr qreal kMarkZ = 20;

} // namespace

PhaseMarks::PhaseMarks(QChart* chart) : chart_(chart) {}

PhaseMarks::~PhaseMarks() { removeItems(); }

void PhaseMarks::addRun(double startSeconds, std::vector<analysis::PhaseSpan> spans) {
    runs_.push_back(Run{startSeconds, std::move(spans)});
}

void PhaseMarks::clear() {
    runs_.clear();
    removeItems();
    labels_.clear();
    lineCount_ = 0;
}

void PhaseMarks::dropEndedBefore(double seconds) {
    while (!runs_.empty() && runs_.front().endSeconds() < seconds) runs_.pop_front();
}

void PhaseMarks::removeItems() {
    for (QGraphicsItem* item : items_) delete item;
    items_.clear();
}

void PhaseMarks::layout(double axisMin, double axisMax, double shift, const QColor& ink) {
    removeItems();
    labels_.clear();
    lineCount_ = 0;
    const QRectF plot = chart_->plotArea();
    const double axisSpan = axisMax - axisMin;
    if (plot.width() <= 0 || axisSpan <= 0) return;
    auto toX = [&](double seconds) { return plot.left() + (seconds - shift - axisMin) / axisSpan * plot.width(); };
    auto clampX = [&](double x) { return std::clamp(x, plot.left(), plot.right()); };

    QColor lineColour = ink;
    lineColour.setAlphaF(0.45);
    QPen linePen(lineColour, 1, Qt::DashLine);
    QColor bandColour = ink;
    bandColour.setAlphaF(0.07);
    QColor textColour = ink;
    textColour.setAlphaF(0.75);
    QFont font = chart_->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    const QFontMetricsF metrics(font);

    double lastLineX = -1e9;
    auto addLine = [&](double x) {
        if (x < plot.left() || x > plot.right() || std::abs(x - lastLineX) < kMinLineGapPx) return;
        auto* line = new QGraphicsLineItem(QLineF(x, plot.top(), x, plot.bottom()), chart_);
        line->setPen(linePen);
        line->setZValue(kMarkZ);
        items_.push_back(line);
        lastLineX = x;
        ++lineCount_;
    };
    for (const Run& run : runs_) {
        for (const auto& span : run.spans) {
            const double begin = toX(run.startSeconds + span.beginSeconds);
            const double end = toX(run.startSeconds + span.endSeconds);
            if (end < plot.left() || begin > plot.right()) continue;
            addLine(begin);
            const double left = clampX(begin), right = clampX(end);
            if (span.name != "compute" && right - left >= 1) {
                auto* band = new QGraphicsRectItem(QRectF(left, plot.top(), right - left, plot.height()), chart_);
                band->setPen(Qt::NoPen);
                band->setBrush(bandColour);
                band->setZValue(kMarkZ - 1);
                items_.push_back(band);
            }
            const QString name = QString::fromStdString(span.name);
            if (right - left >= metrics.horizontalAdvance(name) + 6) {
                auto* text = new QGraphicsSimpleTextItem(name, chart_);
                text->setFont(font);
                text->setBrush(textColour);
                const double centre = (left + right) / 2;
                text->setPos(centre - metrics.horizontalAdvance(name) / 2, plot.top() + 2);
                text->setZValue(kMarkZ);
                items_.push_back(text);
                labels_.push_back({name, axisMin + (centre - plot.left()) / plot.width() * axisSpan});
            }
        }
        addLine(toX(run.endSeconds()));
    }
}

} // namespace oversub::ui
