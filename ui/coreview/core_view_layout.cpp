#include "coreview/core_view_layout.h"

#include <algorithm>
#include <cmath>

namespace oversub::ui {
namespace {

constexpr double kMargin = 4;
constexpr double kPackagePad = 4;
constexpr double kColumnGap = 10;
constexpr double kCoreGap = 2;

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

struct PackageGrid {
    int columns = 1, rows = 1;
    double width = 0, height = 0; // one package box
};

PackageGrid packageGrid(int packages, int columns, const QRectF& area) {
    PackageGrid g;
    g.columns = std::max(1, std::min(columns, packages));
    g.rows = ceilDiv(packages, g.columns);
    g.width = (area.width() - (g.columns - 1) * kColumnGap) / g.columns;
    g.height = (area.height() - (g.rows - 1) * kColumnGap) / g.rows;
    return g;
}

QRectF packageRect(const PackageGrid& g, const QRectF& area, int index) {
    const int col = index % g.columns, row = index / g.columns;
    return QRectF(area.left() + col * (g.width + kColumnGap), area.top() + row * (g.height + kColumnGap), g.width,
                  g.height);
}

// Splits a package's cores into `columns` runs of consecutive cores.
std::vector<std::vector<int>> coreColumns(const MachineShape::Package& package, int columns) {
    const int n = static_cast<int>(package.cores.size());
    const int perColumn = std::max(1, ceilDiv(n, columns));
    std::vector<std::vector<int>> out;
    for (int start = 0; start < n; start += perColumn) {
        std::vector<int> col;
        for (int c = start; c < std::min(n, start + perColumn); ++c) col.push_back(c);
        out.push_back(std::move(col));
    }
    return out;
}

struct MeterChoice {
    int packageColumns = 1, puColumns = 1;
    double rowHeight = 0;
    bool fits = false;
};

// Rows needed by one column of cores, and the gaps between those cores.
void columnExtent(const MachineShape::Package& package, const std::vector<int>& cores, int& rows, int& gaps) {
    rows = 0;
    for (int c : cores) rows += static_cast<int>(package.cores[c].pus.size());
    gaps = std::max(0, static_cast<int>(cores.size()) - 1);
}

MeterChoice chooseMeters(const MachineShape& shape, const QRectF& area, const CoreViewLayoutParams& p,
                         double headerHeight, double minColumnWidth) {
    const int packages = static_cast<int>(shape.packages.size());
    // Few PUs get tall meters (readable from across a classroom), many get
    // at least one text line each.
    const double maxRow = std::max(26.0, p.textHeight * 4);
    MeterChoice best;
    for (int pc = 1; pc <= packages; ++pc) {
        const PackageGrid g = packageGrid(packages, pc, area);
        for (int k = 1; k <= 8; ++k) {
            const double columnWidth = (g.width - 2 * kPackagePad - (k - 1) * kColumnGap) / k;
            if (columnWidth < minColumnWidth && !(pc == 1 && k == 1)) continue;
            double rowHeight = maxRow;
            for (const auto& package : shape.packages) {
                for (const auto& col : coreColumns(package, k)) {
                    int rows = 0, gaps = 0;
                    columnExtent(package, col, rows, gaps);
                    const double avail = g.height - headerHeight - 2 * kPackagePad - gaps * kCoreGap;
                    if (rows > 0) rowHeight = std::min(rowHeight, avail / rows);
                }
            }
            const bool fits = columnWidth >= minColumnWidth;
            // Prefer a layout that fits, then taller rows, then fewer columns.
            if (!best.fits && fits ? true : best.fits && !fits ? false : rowHeight > best.rowHeight + 0.5) {
                best = {pc, k, rowHeight, fits};
            }
        }
    }
    return best;
}

void layoutMeters(const MachineShape& shape, const QRectF& area, const CoreViewLayoutParams& p,
                  const MeterChoice& choice, double headerHeight, CoreViewLayout& out) {
    const PackageGrid g = packageGrid(static_cast<int>(shape.packages.size()), choice.packageColumns, area);
    const double row = std::max(1.0, std::floor(choice.rowHeight));
    const double barHeight = std::max(1.0, row - std::min(4.0, row * 0.25));
    out.markerDiameter = std::clamp(barHeight - 2, 3.0, 12.0);
    for (size_t pi = 0; pi < shape.packages.size(); ++pi) {
        const auto& package = shape.packages[pi];
        const QRectF box = packageRect(g, area, static_cast<int>(pi));
        out.groups.push_back({box, QStringLiteral("package %1").arg(package.index), 0});
        const auto columns = coreColumns(package, choice.puColumns);
        const double columnWidth =
            (box.width() - 2 * kPackagePad - (choice.puColumns - 1) * kColumnGap) / choice.puColumns;
        const double markerWidth = std::min(columnWidth * 0.3, 4 * (out.markerDiameter + 2) + 2);
        for (size_t ci = 0; ci < columns.size(); ++ci) {
            const double x = box.left() + kPackagePad + ci * (columnWidth + kColumnGap);
            double y = box.top() + headerHeight + kPackagePad;
            for (int coreIndex : columns[ci]) {
                const auto& core = package.cores[coreIndex];
                const double coreTop = y;
                for (int os : core.pus) {
                    PuCell cell;
                    cell.os = os;
                    cell.package = static_cast<int>(pi);
                    cell.core = coreIndex;
                    cell.cell = QRectF(x, y, columnWidth, row);
                    const double labelWidth = std::min(p.labelWidth, columnWidth * 0.35);
                    const double barTop = y + (row - barHeight) / 2;
                    cell.label = QRectF(x + 4, y, labelWidth, row);
                    const double barLeft = x + 4 + labelWidth + 4;
                    const double barWidth = std::max(1.0, columnWidth - (barLeft - x) - markerWidth - 4);
                    cell.bar = QRectF(barLeft, barTop, barWidth, barHeight);
                    cell.markers = QRectF(barLeft + barWidth + 4, barTop, markerWidth, barHeight);
                    out.cells.push_back(cell);
                    y += row;
                }
                if (core.pus.size() > 1)
                    out.groups.push_back({QRectF(x, coreTop, columnWidth, y - coreTop), QString(), 1});
                y += kCoreGap;
            }
        }
    }
}

void layoutHeatMap(const MachineShape& shape, const QRectF& area, double headerHeight, CoreViewLayout& out) {
    const int packages = static_cast<int>(shape.packages.size());
    const int coresPerPackage = std::max(1, shape.maxCoresPerPackage());
    const int pusPerCore = std::max(1, shape.maxPusPerCore());
    // Pick package columns and core columns that make PU cells as big (and
    // as square) as possible.
    double bestSide = -1;
    int bestPc = 1, bestCc = 1;
    for (int pc = 1; pc <= packages; ++pc) {
        const PackageGrid g = packageGrid(packages, pc, area);
        const double innerW = g.width - 2 * kPackagePad, innerH = g.height - headerHeight - 2 * kPackagePad;
        for (int cc = 1; cc <= coresPerPackage; ++cc) {
            const int cr = ceilDiv(coresPerPackage, cc);
            const double coreW = (innerW - (cc - 1) * kCoreGap) / cc;
            const double coreH = (innerH - (cr - 1) * kCoreGap) / cr;
            const double side = std::min(coreW / pusPerCore, coreH);
            if (side > bestSide + 1e-9) {
                bestSide = side;
                bestPc = pc;
                bestCc = cc;
            }
        }
    }
    const PackageGrid g = packageGrid(packages, bestPc, area);
    const int cc = bestCc, cr = ceilDiv(coresPerPackage, cc);
    for (int pi = 0; pi < packages; ++pi) {
        const auto& package = shape.packages[pi];
        const QRectF box = packageRect(g, area, pi);
        out.groups.push_back({box, QStringLiteral("package %1").arg(package.index), 0});
        const double innerW = box.width() - 2 * kPackagePad, innerH = box.height() - headerHeight - 2 * kPackagePad;
        // Square-ish cells, the grid kept at the top left of the box.
        const double coreW = std::min((innerW - (cc - 1) * kCoreGap) / cc, bestSide * pusPerCore);
        const double coreH = std::min((innerH - (cr - 1) * kCoreGap) / cr, std::max(bestSide, 1.0));
        for (size_t ci = 0; ci < package.cores.size(); ++ci) {
            const auto& core = package.cores[ci];
            const int col = static_cast<int>(ci) % cc, rowIndex = static_cast<int>(ci) / cc;
            const QRectF coreRect(box.left() + kPackagePad + col * (coreW + kCoreGap),
                                  box.top() + headerHeight + kPackagePad + rowIndex * (coreH + kCoreGap), coreW, coreH);
            const double puW = coreW / std::max<size_t>(1, core.pus.size());
            for (size_t t = 0; t < core.pus.size(); ++t) {
                PuCell cell;
                cell.os = core.pus[t];
                cell.package = pi;
                cell.core = static_cast<int>(ci);
                cell.cell = QRectF(coreRect.left() + t * puW, coreRect.top(), puW, coreH);
                cell.bar = cell.cell.adjusted(0, 0, t + 1 < core.pus.size() ? -1 : 0, 0);
                cell.markers = cell.bar;
                out.cells.push_back(cell);
            }
            if (core.pus.size() > 1 && coreW >= 6) out.groups.push_back({coreRect, QString(), 1});
        }
    }
    // Markers as big as the cell allows: on a 512-PU grid a worker must
    // still be spotted at a glance.
    double smallest = bestSide;
    for (const auto& cell : out.cells) smallest = std::min({smallest, cell.markers.width(), cell.markers.height()});
    out.markerDiameter = std::clamp(std::floor(smallest * 0.7), 2.0, 12.0);
}

} // namespace

CoreViewLayout CoreViewLayout::compute(const MachineShape& shape, const CoreViewLayoutParams& params) {
    CoreViewLayout out;
    const QRectF all(kMargin, kMargin, std::max(1.0, params.size.width() - 2 * kMargin),
                     std::max(1.0, params.size.height() - 2 * kMargin));
    const double legendHeight = std::ceil(params.textHeight + 4);
    out.legend = QRectF(all.left(), all.top(), all.width(), legendHeight);
    QRectF area = all.adjusted(0, legendHeight + 4, 0, 0);
    if (params.processLegend && area.height() > 3 * legendHeight) {
        out.processLegend = QRectF(all.left(), all.bottom() - legendHeight, all.width(), legendHeight);
        area.setBottom(out.processLegend.top() - 4);
    }
    if (shape.puCount() == 0 || area.height() < 1) return out;

    const double headerHeight = std::ceil(params.textHeight + 2);
    const double minRow = params.minMeterRowHeight > 0 ? params.minMeterRowHeight : params.textHeight;
    const double minColumnWidth = params.labelWidth + 8 + 60 + 4 * 10;
    if (shape.puCount() <= params.heatMapAbovePus) {
        const MeterChoice choice = chooseMeters(shape, area, params, headerHeight, minColumnWidth);
        if (choice.fits && choice.rowHeight >= minRow) {
            out.mode = CoreViewMode::Meters;
            layoutMeters(shape, area, params, choice, headerHeight, out);
            return out;
        }
    }
    out.mode = CoreViewMode::HeatMap;
    layoutHeatMap(shape, area, headerHeight, out);
    return out;
}

int CoreViewLayout::cellIndexAt(const QPointF& point) const {
    for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i].cell.contains(point)) return static_cast<int>(i);
    return -1;
}

int CoreViewLayout::cellIndexForOs(int os) const {
    for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i].os == os) return static_cast<int>(i);
    return -1;
}

int CoreViewLayout::markerCapacity(const PuCell& cell) const {
    const double step = markerDiameter + 2;
    const int across = static_cast<int>((cell.markers.width() - 1) / step);
    const int down = mode == CoreViewMode::Meters ? 1 : static_cast<int>((cell.markers.height() - 1) / step);
    return std::max(0, across) * std::max(0, down);
}

QRectF CoreViewLayout::markerRect(const PuCell& cell, int slot) const {
    const double step = markerDiameter + 2;
    const int across = std::max(1, static_cast<int>((cell.markers.width() - 1) / step));
    const int col = slot % across, row = slot / across;
    const double top = mode == CoreViewMode::Meters ? cell.markers.top() + (cell.markers.height() - markerDiameter) / 2
                                                    : cell.markers.top() + 1 + row * step;
    return QRectF(cell.markers.left() + 1 + col * step, top, markerDiameter, markerDiameter);
}

} // namespace oversub::ui
