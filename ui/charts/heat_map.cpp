#include "charts/heat_map.h"

#include "ui_palette.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace oversub::ui {

const HeatCell* HeatMapData::at(int w, int t) const {
    for (const auto& c : cells)
        if (c.workers == w && c.threads == t) return &c;
    return nullptr;
}

HeatMapData heatMapFromSummary(const nlohmann::json& summary) {
    HeatMapData out;
    if (!summary.is_object() || !summary.contains("points") || !summary["points"].is_array()) return out;
    for (const auto& p : summary["points"]) {
        if (!p.is_object() || !p.contains("workers") || !p.contains("threads") || !p["workers"].is_number_integer() ||
            !p["threads"].is_number_integer())
            continue;
        HeatCell c;
        c.workers = p["workers"].get<int>();
        c.threads = p["threads"].get<int>();
        if (out.at(c.workers, c.threads)) {
            HeatMapData none;
            none.variesOtherKnobs = true;
            return none;
        }
        if (p.contains("label") && p["label"].is_string()) c.label = p["label"].get<std::string>();
        if (p.contains("speedup") && p["speedup"].is_number()) {
            c.measured = true;
            c.speedup = p["speedup"].get<double>();
            c.slowerThanBase = c.speedup < 1.0;
            out.maxSpeedup = std::max(out.maxSpeedup, c.speedup);
        }
        c.aboveAllowedPus = p.value("above_allowed_pus", false);
        out.cells.push_back(c);
        out.workers.push_back(c.workers);
        out.threads.push_back(c.threads);
    }
    for (auto* axis : {&out.workers, &out.threads}) {
        std::sort(axis->begin(), axis->end());
        axis->erase(std::unique(axis->begin(), axis->end()), axis->end());
    }
    return out;
}

HeatMapView::HeatMapView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("heatMap"));
    setMinimumSize(240, 200);
}

void HeatMapView::setSummary(const nlohmann::json& summary) {
    data_ = heatMapFromSummary(summary);
    update();
}

QImage HeatMapView::renderImage(const QSize& size) const {
    // A twin off screen with the same data, palette and font, painted at the asked size.
    HeatMapView twin;
    twin.setAttribute(Qt::WA_DontShowOnScreen);
    twin.data_ = data_;
    twin.setPalette(palette());
    twin.setFont(font());
    twin.resize(size);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    twin.render(&image);
    return image;
}

QRect HeatMapView::gridRect() const {
    // Room for the title above, the threads labels on the left and the
    // workers labels and the legend below.
    return rect().adjusted(70, 34, -16, -76);
}

QRect HeatMapView::cellRect(int column, int row) const {
    const QRect grid = gridRect();
    const int columns = std::max<int>(1, static_cast<int>(data_.workers.size()));
    const int rows = std::max<int>(1, static_cast<int>(data_.threads.size()));
    const int x0 = grid.left() + grid.width() * column / columns;
    const int x1 = grid.left() + grid.width() * (column + 1) / columns;
    // Row 0 (fewest threads) at the bottom, like a chart's y axis.
    const int y0 = grid.top() + grid.height() * (rows - 1 - row) / rows;
    const int y1 = grid.top() + grid.height() * (rows - row) / rows;
    return QRect(QPoint(x0, y0), QPoint(x1 - 1, y1 - 1));
}

const HeatCell* HeatMapView::cellAt(const QPoint& pos) const {
    for (size_t c = 0; c < data_.workers.size(); ++c)
        for (size_t r = 0; r < data_.threads.size(); ++r)
            if (cellRect(static_cast<int>(c), static_cast<int>(r)).contains(pos))
                return data_.at(data_.workers[c], data_.threads[r]);
    return nullptr;
}

void HeatMapView::mousePressEvent(QMouseEvent* event) {
    if (const HeatCell* cell = cellAt(event->position().toPoint()); cell && !cell->label.empty())
        emit cellClicked(QString::fromStdString(cell->label));
    QWidget::mousePressEvent(event);
}

void HeatMapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const UiPalette colours = UiPalette::fromPalette(palette());
    const QColor text = colours.color(ColorRole::Text);
    p.fillRect(rect(), palette().color(QPalette::Base));
    p.setPen(text);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRect(0, 6, width(), 22), Qt::AlignCenter, tr("Speedup over workers x threads"));
    p.setFont(font());
    if (data_.cells.empty()) {
        p.setPen(colours.color(ColorRole::TextDim));
        p.drawText(rect().adjusted(12, 0, -12, 0), Qt::AlignCenter | Qt::TextWordWrap,
                   data_.variesOtherKnobs
                       ? tr("This sweep varies more than workers x threads; see the run table and the wall time chart")
                       : tr("Run a sweep (F6) to fill the heat map"));
        return;
    }
    for (size_t c = 0; c < data_.workers.size(); ++c) {
        for (size_t r = 0; r < data_.threads.size(); ++r) {
            const QRect cellBox = cellRect(static_cast<int>(c), static_cast<int>(r));
            const HeatCell* cell = data_.at(data_.workers[c], data_.threads[r]);
            if (!cell) continue;
            QColor fill = palette().color(QPalette::Window);
            QString label = tr("no run");
            if (cell->measured) {
                if (cell->slowerThanBase) {
                    fill = QColor(220, 60, 50);
                } else {
                    // Pale to deep green as the speedup approaches the sweep's best.
                    const double share = data_.maxSpeedup > 1 ? (cell->speedup - 1) / (data_.maxSpeedup - 1) : 0;
                    fill = QColor::fromHsvF(0.33, 0.15 + 0.6 * share, 0.9 - 0.25 * share);
                }
                label = QStringLiteral("%1x").arg(cell->speedup, 0, 'f', 2);
            }
            p.fillRect(cellBox.adjusted(2, 2, -2, -2), fill);
            if (cell->aboveAllowedPus) {
                p.setPen(QPen(text, 3, Qt::DashLine));
                p.drawRect(cellBox.adjusted(3, 3, -3, -3));
            }
            p.setPen(cell->measured && (cell->slowerThanBase || fill.lightnessF() < 0.45) ? Qt::white : Qt::black);
            p.drawText(cellBox, Qt::AlignCenter, label);
        }
    }
    p.setPen(text);
    const QRect grid = gridRect();
    for (size_t c = 0; c < data_.workers.size(); ++c) {
        const QRect box = cellRect(static_cast<int>(c), 0);
        p.drawText(QRect(box.left(), grid.bottom() + 2, box.width(), 18), Qt::AlignCenter,
                   QString::number(data_.workers[c]));
    }
    for (size_t r = 0; r < data_.threads.size(); ++r) {
        const QRect box = cellRect(0, static_cast<int>(r));
        p.drawText(QRect(grid.left() - 30, box.top(), 26, box.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(data_.threads[r]));
    }
    p.drawText(QRect(grid.left(), grid.bottom() + 18, grid.width(), 18), Qt::AlignCenter, tr("workers (processes)"));
    p.save();
    p.translate(14, grid.center().y());
    p.rotate(-90);
    p.drawText(QRect(-grid.height() / 2, -8, grid.height(), 18), Qt::AlignCenter, tr("threads per worker"));
    p.restore();
    p.setPen(colours.color(ColorRole::TextDim));
    p.drawText(QRect(8, height() - 40, width() - 16, 38), Qt::AlignCenter | Qt::TextWordWrap,
               tr("red: slower than the base \u00b7 dashed outline: workers x threads above the allowed PUs \u00b7 "
                  "click a cell to select its run"));
}

} // namespace oversub::ui
