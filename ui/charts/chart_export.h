#pragma once
// PNG export of charts and widgets at a requested size. A chart is laid out
// again at that size (not scaled as a bitmap), so axes and legends stay
// sharp; the file is written atomically through core's writer.

#include <QImage>
#include <QSize>
#include <QString>

class QWidget;

class QChartView;

namespace oversub::ui {

// The chart of `view` rendered at `size` (logical pixels = image pixels).
QImage renderChart(QChartView* view, const QSize& size);
// The widget as it is on screen, at its own size (device pixels).
QImage renderWidget(QWidget* widget);

// Encodes PNG and writes it atomically. Throws std::runtime_error naming the path.
void savePng(const QImage& image, const QString& path);

} // namespace oversub::ui
