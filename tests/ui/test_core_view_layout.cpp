// Core view geometry, checked without painting: one cell per PU, nothing
// overlapping, everything inside the widget, meters for small machines and
// the heat-map grid for big ones.

#include "coreview/core_view.h"
#include "coreview/core_view_layout.h"
#include "coreview/machine_shape_from_topology.h"

#include <QtTest>

#include <set>

using namespace oversub::ui;

namespace {

bool overlaps(const QRectF& a, const QRectF& b) {
    const QRectF i = a.intersected(b);
    return i.width() > 0.01 && i.height() > 0.01;
}

void checkCells(const CoreViewLayout& layout, const MachineShape& shape, const QSizeF& size) {
    QCOMPARE(static_cast<int>(layout.cells.size()), shape.puCount());
    std::set<int> os;
    const QRectF bounds(0, 0, size.width(), size.height());
    for (const auto& cell : layout.cells) {
        os.insert(cell.os);
        QVERIFY2(bounds.contains(cell.cell), qPrintable(QStringLiteral("PU %1 outside the widget").arg(cell.os)));
        QVERIFY(cell.cell.width() >= 1 && cell.cell.height() >= 1);
        QVERIFY(!overlaps(cell.cell, layout.legend));
        QVERIFY(cell.cell.contains(cell.bar));
    }
    QCOMPARE(static_cast<int>(os.size()), shape.puCount());
    for (size_t i = 0; i < layout.cells.size(); ++i)
        for (size_t j = i + 1; j < layout.cells.size(); ++j)
            QVERIFY2(
                !overlaps(layout.cells[i].cell, layout.cells[j].cell),
                qPrintable(QStringLiteral("PU %1 overlaps PU %2").arg(layout.cells[i].os).arg(layout.cells[j].os)));
}

} // namespace

class TestCoreViewLayout : public QObject {
    Q_OBJECT
private slots:
    void twoPusAreMeters() {
        const auto shape = MachineShape::regular(1, 2, 1);
        CoreViewLayoutParams params;
        params.size = QSizeF(600, 300);
        const auto layout = CoreViewLayout::compute(shape, params);
        QCOMPARE(layout.mode, CoreViewMode::Meters);
        checkCells(layout, shape, params.size);
        // A meter row stays readable (at least one text line high) and the
        // label sits left of the bar.
        for (const auto& cell : layout.cells) {
            QVERIFY(cell.cell.height() >= params.textHeight);
            QVERIFY(cell.label.right() <= cell.bar.left());
            QVERIFY(layout.markerCapacity(cell) >= 2);
        }
    }

    void smtSiblingsShareACoreBox() {
        const auto shape = MachineShape::regular(2, 4, 2);
        CoreViewLayoutParams params;
        params.size = QSizeF(900, 500);
        const auto layout = CoreViewLayout::compute(shape, params);
        QCOMPARE(layout.mode, CoreViewMode::Meters);
        checkCells(layout, shape, params.size);
        int packageBoxes = 0, coreBoxes = 0;
        for (const auto& g : layout.groups) (g.level == 0 ? packageBoxes : coreBoxes)++;
        QCOMPARE(packageBoxes, 2);
        QCOMPARE(coreBoxes, 8);
        // Each core box holds exactly its two PUs.
        for (const auto& g : layout.groups) {
            if (g.level != 1) continue;
            int inside = 0;
            for (const auto& cell : layout.cells) inside += g.rect.contains(cell.cell) ? 1 : 0;
            QCOMPARE(inside, 2);
        }
    }

    void sixtyFourPusFitAsMetersAt1080p() {
        const auto shape = MachineShape::regular(2, 16, 2);
        CoreViewLayoutParams params;
        params.size = QSizeF(1100, 560);
        const auto layout = CoreViewLayout::compute(shape, params);
        QCOMPARE(layout.mode, CoreViewMode::Meters);
        checkCells(layout, shape, params.size);
    }

    void fiveHundredTwelvePusBecomeAHeatMap() {
        const auto shape = MachineShape::regular(8, 32, 2);
        QCOMPARE(shape.puCount(), 512);
        for (const QSizeF size : {QSizeF(1100, 560), QSizeF(700, 420), QSizeF(1600, 900)}) {
            CoreViewLayoutParams params;
            params.size = size;
            const auto layout = CoreViewLayout::compute(shape, params);
            QCOMPARE(layout.mode, CoreViewMode::HeatMap);
            checkCells(layout, shape, size);
            // Cells stay big enough to see (lstopo-like grid, not hairlines).
            for (const auto& cell : layout.cells) QVERIFY(cell.cell.width() >= 3 && cell.cell.height() >= 3);
            int packageBoxes = 0;
            for (const auto& g : layout.groups) packageBoxes += g.level == 0 ? 1 : 0;
            QCOMPARE(packageBoxes, 8);
        }
    }

    void markersStayInsideTheirCell() {
        for (const auto& shape : {MachineShape::regular(1, 2, 1), MachineShape::regular(8, 32, 2)}) {
            CoreViewLayoutParams params;
            params.size = QSizeF(1000, 600);
            const auto layout = CoreViewLayout::compute(shape, params);
            for (const auto& cell : layout.cells) {
                const int capacity = layout.markerCapacity(cell);
                for (int slot = 0; slot < capacity; ++slot) {
                    QVERIFY(cell.cell.contains(layout.markerRect(cell, slot)));
                    if (slot > 0) QVERIFY(!overlaps(layout.markerRect(cell, slot), layout.markerRect(cell, slot - 1)));
                }
            }
        }
    }

    void hitTestFindsThePu() {
        const auto shape = MachineShape::regular(1, 4, 1);
        CoreViewLayoutParams params;
        params.size = QSizeF(500, 300);
        const auto layout = CoreViewLayout::compute(shape, params);
        for (const auto& cell : layout.cells)
            QCOMPARE(layout.cells[layout.cellIndexAt(cell.cell.center())].os, cell.os);
        QCOMPARE(layout.cellIndexAt(QPointF(-5, -5)), -1);
        QCOMPARE(layout.cellIndexForOs(3), 3);
        QCOMPARE(layout.cellIndexForOs(99), -1);
    }

    void shapeFollowsTopologyGrouping() {
        const auto info = oversub::topology::uniformTopologyInfo(2, 1, 4, 2);
        const auto shape = machineShapeFromTopology(info);
        QCOMPARE(static_cast<int>(shape.packages.size()), 2);
        QCOMPARE(static_cast<int>(shape.packages[0].cores.size()), 4);
        QCOMPARE(shape.puCount(), 16);
        QCOMPARE(shape.packages[1].cores[0].pus, std::vector<int>({8, 9}));
    }

    void widgetHoldsOneMeterPerPuFor512() {
        CoreView view;
        view.resize(1200, 700);
        view.setMachine(machineShapeFromTopology(oversub::topology::uniformTopologyInfo(8, 1, 32, 2)));
        QCOMPARE(static_cast<int>(view.currentLayout().cells.size()), 512);
        oversub::sampler::Snapshot snapshot;
        snapshot.cpus.push_back({511, 0.5, 0, 0.1});
        snapshot.threads.push_back({100, 101, 0, 511, 'R'});
        snapshot.threads.push_back({100, 102, 0, 511, 'S'});
        view.setSnapshot(snapshot);
        QCOMPARE(view.threadCountOn(511), 2);
        QCOMPARE(view.threadCountOn(0), 0);
        QImage image(view.size(), QImage::Format_ARGB32);
        view.render(&image); // paints without crashing at 512 PUs
    }

    // A pinned thread that ran without its stat being read this tick
    // (stateIsFresh false) is named running, as its bar shows it; a fresh
    // state is shown as read.
    void tooltipNamesAThreadThatRanRunningEvenWithAnOlderState() {
        CoreView view;
        view.resize(600, 300);
        view.setMachine(MachineShape::regular(1, 2, 1));
        oversub::sampler::Snapshot snapshot;
        oversub::sampler::ThreadSample busy{200, 201, 0, 0, 'S'};
        busy.run = 1.0;
        busy.stateIsFresh = false;
        oversub::sampler::ThreadSample asleep{300, 301, 1, 1, 'S'};
        snapshot.threads = {busy, asleep};
        view.setSnapshot(snapshot);
        const auto& layout = view.currentLayout();
        const QString onPu0 = view.tooltipAt(layout.cells[layout.cellIndexForOs(0)].cell.center());
        const QString onPu1 = view.tooltipAt(layout.cells[layout.cellIndexForOs(1)].cell.center());
        QVERIFY2(onPu0.contains(QStringLiteral("tid 201: running")), qPrintable(onPu0));
        QVERIFY2(onPu1.contains(QStringLiteral("tid 301: sleeping")), qPrintable(onPu1));
    }
};

QTEST_MAIN(TestCoreViewLayout)
#include "test_core_view_layout.moc"
