#include "charts/chart_export.h"

#include "util/atomic_file.h"

#include <QBuffer>
#include <QChartView>
#include <QGraphicsScene>
#include <QPainter>
#include <QWidget>

namespace oversub::ui {

QImage renderChart(QChartView* view, const QSize& size) {
    QChart* chart = view->chart();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(chart->backgroundBrush().color().isValid() ? chart->backgroundBrush().color() : Qt::white);
    const QSizeF original = chart->size();
    const QPointF originalPos = chart->pos();
    // Lay the chart out at the requested size, paint it, put it back.
    chart->setPos(0, 0);
    chart->resize(QSizeF(size));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        chart->scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRectF(QPointF(0, 0), QSizeF(size)));
    }
    chart->resize(original);
    chart->setPos(originalPos);
    return image;
}

QImage renderWidget(QWidget* widget) { return widget->grab().toImage(); }

void savePng(const QImage& image, const QString& path) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG"))
        throw std::runtime_error(path.toStdString() + ": could not encode the image as PNG");
    writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
}

} // namespace oversub::ui
