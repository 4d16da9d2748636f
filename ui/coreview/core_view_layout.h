#pragma once
// Where the core view draws what, as plain data: one cell per PU grouped in
// package and core boxes, computed from the machine's shape and the widget's
// size, and tested without painting (like hotspot's TimeLineData).
//
// Up to `heatMapAbovePus` PUs every PU gets an htop-style meter row (label,
// split bar, a strip for worker-thread markers), packed into columns like
// htop's AllCPUs meters. Above it, or when rows would be too thin to read,
// every PU becomes one cell of a compact heat-map grid inside its package box
// (cores as cells split into their SMT siblings).

#include "coreview/machine_shape.h"

#include <QRectF>
#include <QString>

#include <vector>

namespace oversub::ui {

enum class CoreViewMode { Meters, HeatMap };

struct CoreViewLayoutParams {
    QSizeF size{800, 600}; // logical pixels (HiDPI-safe: Qt scales)
    double textHeight = 14; // font line height
    double labelWidth = 48; // width of the widest "cpu N" label
    int heatMapAbovePus = 64; // above this, always the compact grid
    double minMeterRowHeight = 0; // 0 -> textHeight; below it meters give way to the grid
    bool processLegend = false; // one more text row at the bottom naming the processes
};

struct PuCell {
    int os = -1; // PU OS index
    int package = 0; // index into MachineShape::packages
    int core = 0; // index into that package's cores
    QRectF cell; // everything this PU owns
    QRectF label; // "cpu N" (empty in the heat map)
    QRectF bar; // split bar (meters) or heat cell
    QRectF markers; // where its worker-thread markers go
};

struct GroupBox {
    QRectF rect;
    QString title; // "package 0" (packages only)
    int level = 0; // 0 package, 1 core (SMT siblings)
};

struct CoreViewLayout {
    CoreViewMode mode = CoreViewMode::Meters;
    QRectF legend; // one text row for the colour key
    QRectF processLegend; // bottom row naming each process's colour (empty when not asked)
    std::vector<PuCell> cells; // drawing order = MachineShape order
    std::vector<GroupBox> groups;
    double markerDiameter = 8;

    static CoreViewLayout compute(const MachineShape& shape, const CoreViewLayoutParams& params);

    int cellIndexAt(const QPointF& point) const; // -1 when none
    int cellIndexForOs(int os) const; // -1 when the PU is unknown
    // How many markers fit the cell's marker area; more show as "+N".
    int markerCapacity(const PuCell& cell) const;
    // Rect of the `slot`-th marker of a cell (slot < markerCapacity).
    QRectF markerRect(const PuCell& cell, int slot) const;
};

} // namespace oversub::ui
