// The sweep heat map: cells from sweep_done.summary.points (speedup colour
// class, slower-than-base, above the allowed PUs), clicks map to cells, and in
// the window a click selects the run of that point.

#include "charts/heat_map.h"
#include "fake_engine.h"
#include "main_window.h"
#include "window_parts.h"

#include <QFileInfo>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

nlohmann::json summaryOf2x2() {
    return {{"points",
             {{{"label", "w1 x t1"}, {"workers", 1}, {"threads", 1}, {"speedup", 1.0}, {"above_allowed_pus", false}},
              {{"label", "w1 x t2"}, {"workers", 1}, {"threads", 2}, {"speedup", 1.8}, {"above_allowed_pus", false}},
              {{"label", "w2 x t1"}, {"workers", 2}, {"threads", 1}, {"speedup", 1.9}, {"above_allowed_pus", false}},
              {{"label", "w2 x t2"}, {"workers", 2}, {"threads", 2}, {"speedup", 0.7}, {"above_allowed_pus", true}},
              {{"label", "w4 x t1"}, {"workers", 4}, {"threads", 1}, {"above_allowed_pus", true}}}}};
}

std::vector<events::Event> labelled(std::vector<events::Event> stream, const std::string& label) {
    for (auto& e : stream)
        if (auto* s = std::get_if<events::RunStarted>(&e)) s->label = label;
    return stream;
}

} // namespace

class TestHeatMap : public QObject {
    Q_OBJECT
private slots:
    void cellsFollowTheSummaryPoints() {
        const HeatMapData d = heatMapFromSummary(summaryOf2x2());
        QCOMPARE(d.workers, (std::vector<int>{1, 2, 4}));
        QCOMPARE(d.threads, (std::vector<int>{1, 2}));
        QCOMPARE(d.cells.size(), size_t{5});
        QVERIFY(!d.at(1, 2)->slowerThanBase);
        QVERIFY(!d.at(1, 2)->aboveAllowedPus);
        QVERIFY(d.at(2, 2)->slowerThanBase);
        QVERIFY(d.at(2, 2)->aboveAllowedPus);
        QCOMPARE(d.at(2, 2)->label, std::string("w2 x t2"));
        QVERIFY(!d.at(4, 1)->measured);
        QVERIFY(!d.at(4, 1)->slowerThanBase);
        QVERIFY(d.at(4, 1)->aboveAllowedPus);
        QVERIFY(d.at(4, 2) == nullptr);
        QCOMPARE(d.maxSpeedup, 1.9);
        QVERIFY(heatMapFromSummary(nlohmann::json()).cells.empty());
        QVERIFY(!d.variesOtherKnobs);
        // An affinity sweep puts two points on one cell: no map.
        const nlohmann::json affinity = {
            {"points",
             {{{"label", "affinity=single"}, {"workers", 2}, {"threads", 1}, {"speedup", 1.0}},
              {{"label", "affinity=scatter"}, {"workers", 2}, {"threads", 1}, {"speedup", 1.85}}}}};
        const HeatMapData a = heatMapFromSummary(affinity);
        QVERIFY(a.variesOtherKnobs);
        QVERIFY(a.cells.empty());
    }

    void clickOnACellNamesItsPoint() {
        HeatMapView view;
        view.resize(400, 300);
        view.setSummary(summaryOf2x2());
        QSignalSpy clicked(&view, &HeatMapView::cellClicked);
        // Column 1 = 2 workers, row 1 = 2 threads (drawn on top).
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellRect(1, 1).center());
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().first().toString(), QStringLiteral("w2 x t2"));
        const HeatCell* bottomLeft = view.cellAt(view.cellRect(0, 0).center());
        QVERIFY(bottomLeft);
        QCOMPARE(bottomLeft->workers, 1);
        QCOMPARE(bottomLeft->threads, 1);
        QVERIFY(view.cellAt(QPoint(1, 1)) == nullptr);
    }

    void windowClickSelectsThePointsRun() {
        testing::FakeEngine fake;
        auto first = labelled(testing::FakeEngine::twoWorkerRun(1, 0.9, 0), "w1 x t1");
        auto second = labelled(testing::FakeEngine::twoWorkerRun(2, 0.5, 1), "w2 x t1");
        std::vector<events::Event> stream(first.begin(), first.end() - 2);
        stream.insert(stream.end(), second.begin() + 2, second.end());
        std::get<events::SweepDone>(stream.back()).summary = summaryOf2x2();
        fake.setRunEvents(stream);
        StartupOptions o;
        o.ignoreSettings = true;
        o.size = QSize(1280, 800);
        MainWindow window(o);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        QCOMPARE(part<HeatMapView>(window)->data().cells.size(), size_t{5});
        QCOMPARE(part<ResultsView>(window)->selectedRun(), 1);
        emit part<HeatMapView>(window)->cellClicked(QStringLiteral("w1 x t1"));
        QCOMPARE(part<ResultsView>(window)->selectedRun(), 0);
        QVERIFY(!part<ResultsView>(window)->selectRunOfPoint(QStringLiteral("w9 x t9")));
    }

    void currentChartExportIncludesTheHeatMap() {
        testing::FakeEngine fake;
        StartupOptions o;
        o.ignoreSettings = true;
        o.size = QSize(1280, 800);
        MainWindow window(o);
        window.show();
        part<HeatMapView>(window)->setSummary(summaryOf2x2());
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("chartTabs"));
        QVERIFY(tabs);
        tabs->setCurrentWidget(part<HeatMapView>(window));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("heat.png"));
        QVERIFY(
            part<ExportActions>(window)->exportCurrentChartPng(path, QSize(900, 600))); // what Ctrl+E does on this tab
        QVERIFY(QFileInfo::exists(path));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(900, 600));
        // Not blank: the slower-than-base cell's red and several other colours are there.
        QSet<QRgb> colours;
        bool red = false;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) {
                const QRgb c = image.pixel(x, y);
                colours.insert(c);
                red = red || (qRed(c) == 220 && qGreen(c) == 60 && qBlue(c) == 50);
            }
        QVERIFY2(colours.size() > 5, qPrintable(QString::number(colours.size())));
        QVERIFY(red);
        // The red cell sits where a 900x600 layout puts 2 workers x 2 threads (not a scaled bitmap).
        HeatMapView twin;
        twin.resize(900, 600);
        twin.setSummary(summaryOf2x2());
        const QPoint centre = twin.cellRect(1, 1).center();
        QCOMPARE(QColor(image.pixel(centre.x(), centre.y() - 12)), QColor(220, 60, 50));
    }
};

QTEST_MAIN(TestHeatMap)
#include "test_heat_map.moc"
