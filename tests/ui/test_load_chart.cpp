// The live load chart: after N ticks its lines hold each tick's busy values
// at the tick's time (per PU up to 16 PUs, else the mean, busiest and least
// busy PU), ticks older than the 60 s window are gone, however many ticks
// arrive a line keeps at most two points a pixel column (and still shows
// every peak and trough), a new history replaces what was drawn, and a
// burst of refreshes redraws the series at most kMaxRedrawHz times a second
// with the latest tick drawn in the end. A run's phases are marked where
// the run was on the time axis, named where there is room, and forgotten
// once the run has left the window.

#include "charts/load_chart.h"
#include "charts/phase_marks.h"
#include "models/sample_history.h"
#include "ui_palette.h"

#include <QElapsedTimer>
#include <QLineSeries>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace oversub;
using namespace oversub::ui;

namespace {

// Busy shares are k/4 (exact in the history's 16-bit units and as floats): user only.
sampler::Snapshot tick(const std::vector<int>& cpus, const std::vector<int>& busyQuarters) {
    sampler::Snapshot s;
    for (size_t i = 0; i < cpus.size(); ++i) {
        sampler::CpuShare share;
        share.cpu = cpus[i];
        share.user = busyQuarters[i] / 4.0;
        share.idle = 1 - share.user;
        s.cpus.push_back(share);
    }
    return s;
}

std::vector<int> range(int n) {
    std::vector<int> v(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
    return v;
}

// A deterministic busy pattern, in quarters.
int busyOf(int cpu, int tickIndex) { return (cpu * 7 + tickIndex * 3) % 5; }

QList<QPointF> pointsOf(const LoadChart& chart, int series) {
    return static_cast<QLineSeries*>(chart.chart()->series().at(series))->points();
}

struct Shown {
    explicit Shown(LoadChart& chart) {
        chart.resize(1200, 500);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCoreApplication::processEvents();
    }
};

} // namespace

class TestLoadChart : public QObject {
    Q_OBJECT
private slots:
    void aBigMachineShowsEachTicksMeanBusiestAndLeastBusyPu() {
        const std::vector<int> cpus = range(40);
        LoadChart chart;
        Shown shown(chart);
        chart.setCpus(cpus);
        QCOMPARE(chart.seriesCount(), 3);
        SampleHistory history;
        const int ticks = 25; // 2 s apart: one tick a pixel column
        for (int t = 0; t < ticks; ++t) {
            std::vector<int> busy;
            for (int cpu : cpus) busy.push_back(busyOf(cpu, t));
            history.add(2.0 * t, -1, tick(cpus, busy));
            chart.refresh(history, 2.0 * t);
        }
        chart.redrawNow();
        const QList<QPointF> mean = pointsOf(chart, 0), most = pointsOf(chart, 1), least = pointsOf(chart, 2);
        QCOMPARE(mean.size(), ticks);
        QCOMPARE(most.size(), ticks);
        QCOMPARE(least.size(), ticks);
        for (int t = 0; t < ticks; ++t) {
            int sum = 0, high = 0, low = 4;
            for (int cpu : cpus) {
                sum += busyOf(cpu, t);
                high = std::max(high, busyOf(cpu, t));
                low = std::min(low, busyOf(cpu, t));
            }
            const double x = 2.0 * t - 2.0 * (ticks - 1);
            QCOMPARE(mean[t].x(), x);
            QCOMPARE(mean[t].y(), 100.0 * (sum / 4.0) / static_cast<double>(cpus.size()));
            QCOMPARE(most[t], QPointF(x, 25.0 * high));
            QCOMPARE(least[t], QPointF(x, 25.0 * low));
        }
    }

    void aSmallMachineShowsEachPusBusyAndNoPointWhereAPuWasNotSampled() {
        const std::vector<int> cpus{0, 2, 5, 7};
        LoadChart chart;
        Shown shown(chart);
        chart.setCpus(cpus);
        QCOMPARE(chart.seriesCount(), 4);
        SampleHistory history;
        for (int t = 0; t < 10; ++t) {
            // Tick 4 lacks PU 5; PU 9 is not drawn at all.
            const std::vector<int> sampled = t == 4 ? std::vector<int>{0, 2, 7, 9} : std::vector<int>{0, 2, 5, 7, 9};
            std::vector<int> busy;
            for (int cpu : sampled) busy.push_back(busyOf(cpu, t));
            history.add(100.0 + 2 * t, -1, tick(sampled, busy));
        }
        chart.refresh(history, 118.0);
        chart.redrawNow();
        for (int s = 0; s < 4; ++s) {
            const QList<QPointF> points = pointsOf(chart, s);
            QCOMPARE(points.size(), cpus[s] == 5 ? 9 : 10);
            int i = 0;
            for (int t = 0; t < 10; ++t) {
                if (cpus[s] == 5 && t == 4) continue;
                QCOMPARE(points[i], QPointF(2.0 * t - 18, 25.0 * busyOf(cpus[s], t)));
                ++i;
            }
        }
    }

    void ticksOlderThanTheWindowAreGone() {
        const std::vector<int> cpus = range(20);
        LoadChart chart;
        Shown shown(chart);
        chart.setCpus(cpus);
        SampleHistory history; // keeps 600 s
        for (int t = 0; t < 100; ++t) {
            history.add(2.0 * t, -1, tick(cpus, std::vector<int>(cpus.size(), t % 5)));
            chart.refresh(history, 2.0 * t);
        }
        chart.redrawNow();
        QCOMPARE(history.ticks().size(), size_t{100});
        // now = 198 s: the window is 138..198 s, with up to 1 s of edge before it.
        for (int s = 0; s < 3; ++s) {
            const QList<QPointF> points = pointsOf(chart, s);
            QCOMPARE(points.size(), 31);
            QCOMPARE(points.front(), QPointF(-60, 25.0 * (69 % 5)));
            QCOMPARE(points.back(), QPointF(0, 25.0 * (99 % 5)));
        }
    }

    void manyTicksKeepAtMostTwoPointsAColumnAndEveryPeak() {
        for (int cpuCount : {4, 64}) {
            const std::vector<int> cpus = range(cpuCount);
            LoadChart chart;
            Shown shown(chart);
            chart.setCpus(cpus);
            SampleHistory history(600, 50000);
            // 200 Hz for 70 s: far more ticks than pixel columns. PU 1 peaks
            // once at 100 % and dips once to 0 %, every other moment is 50 %.
            const int ticks = 14000, peak = 9000, dip = 11000;
            for (int t = 0; t < ticks; ++t) {
                std::vector<int> busy(cpus.size(), 2);
                busy[1] = t == peak ? 4 : t == dip ? 0 : 2;
                history.add(t / 200.0, -1, tick(cpus, busy));
                chart.refresh(history, t / 200.0);
            }
            chart.redrawNow();
            const int columns = chart.columnCount();
            QVERIFY2(columns < 2000, qPrintable(QString::number(columns)));
            // The window and its edge second, plus the column cut at each end.
            const int spanned =
                static_cast<int>(std::ceil(columns * (LoadChart::kWindowSeconds + LoadChart::kEdgeSeconds) /
                                           LoadChart::kWindowSeconds)) +
                2;
            const double now = (ticks - 1) / 200.0;
            const QPointF peakPoint((peak / 200.0) - now, 100), dipPoint((dip / 200.0) - now, 0);
            for (int s = 0; s < chart.seriesCount(); ++s) {
                const QList<QPointF> points = pointsOf(chart, s);
                const bool twoPerColumn = cpuCount <= LoadChart::kMaxPerPuLines;
                QVERIFY2(points.size() <= (twoPerColumn ? 2 : 1) * spanned,
                         qPrintable(QStringLiteral("%1 points, %2 columns").arg(points.size()).arg(columns)));
                QVERIFY(points.front().x() >= -LoadChart::kWindowSeconds - LoadChart::kEdgeSeconds);
                QVERIFY(points.back().x() <= 0);
                QVERIFY(std::is_sorted(points.begin(), points.end(),
                                       [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
            }
            if (cpuCount <= LoadChart::kMaxPerPuLines) {
                const QList<QPointF> pu1 = pointsOf(chart, 1);
                QVERIFY(pu1.contains(peakPoint));
                QVERIFY(pu1.contains(dipPoint));
                QVERIFY(pointsOf(chart, 0).size() <= spanned); // a flat line: one point a column
            } else {
                QVERIFY(pointsOf(chart, 1).contains(peakPoint)); // busiest PU
                QVERIFY(pointsOf(chart, 2).contains(dipPoint)); // least busy PU
                for (const QPointF& p : pointsOf(chart, 0)) QVERIFY(p.y() > 49 && p.y() < 51);
            }
        }
    }

    void phasesAreMarkedWhereTheRunWasAndNamedWhereThereIsRoom() {
        LoadChart chart;
        Shown shown(chart);
        chart.setCpus({0, 1});
        SampleHistory history;
        for (int t = 10; t <= 40; ++t) history.add(t, 0, tick({0, 1}, {4, 4}));
        // A run from 12 s on the window clock: 6 s preparing, a 1 ms spawn,
        // 18 s of tasks, a 1 s teardown.
        chart.addRunPhases(12, {{"prepare", 0, 6}, {"spawn", 6, 6.001}, {"compute", 6.001, 24}, {"teardown", 24, 25}});
        chart.refresh(history, 40);
        chart.redrawNow();
        const auto& labels = chart.phaseMarks().labels();
        QStringList names;
        for (const auto& l : labels) names << l.name;
        QCOMPARE(names, (QStringList{"prepare", "compute"})); // spawn and teardown are too narrow to name
        const double pixelSeconds = LoadChart::kWindowSeconds / chart.chart()->plotArea().width();
        QVERIFY2(std::abs(labels[0].centre - (12 + 3 - 40)) < 2 * pixelSeconds,
                 qPrintable(QString::number(labels[0].centre)));
        QVERIFY2(std::abs(labels[1].centre - (12 + 15.0005 - 40)) < 2 * pixelSeconds,
                 qPrintable(QString::number(labels[1].centre)));
        // Run start, compute start (spawn's 1 ms is the same pixel), teardown, run end.
        QCOMPARE(chart.phaseMarks().lineCount(), 4);

        // Once the run has left the 60 s window nothing of it is drawn.
        history.add(100, -1, tick({0, 1}, {0, 0}));
        chart.refresh(history, 100);
        chart.redrawNow();
        QCOMPARE(chart.phaseMarks().runCount(), size_t{0});
        QCOMPARE(chart.phaseMarks().lineCount(), 0);
    }

    void aNewHistoryReplacesWhatWasDrawn() {
        const std::vector<int> cpus = range(20);
        LoadChart chart;
        Shown shown(chart);
        chart.setCpus(cpus);
        SampleHistory first;
        for (int t = 0; t < 10; ++t) first.add(2.0 * t, -1, tick(cpus, std::vector<int>(cpus.size(), 1)));
        chart.refresh(first, 18);
        chart.redrawNow();
        QCOMPARE(pointsOf(chart, 0).size(), 10);
        SampleHistory second; // e.g. cleared, then two new ticks
        second.add(20, -1, tick(cpus, std::vector<int>(cpus.size(), 3)));
        second.add(22, -1, tick(cpus, std::vector<int>(cpus.size(), 3)));
        chart.refresh(second, 22);
        chart.redrawNow();
        QCOMPARE(pointsOf(chart, 0), (QList<QPointF>{QPointF(-2, 75), QPointF(0, 75)}));
    }

    void ticksArrivingInTheSameMillisecondAreAllTaken() {
        LoadChart chart;
        Shown shown(chart);
        chart.setCpus({0, 1});
        SampleHistory history;
        history.add(30, -1, tick({0, 1}, {1, 1}));
        chart.refresh(history, 30);
        history.add(30, -1, tick({0, 1}, {3, 1})); // same arrival time, after the chart took the first
        chart.refresh(history, 30);
        chart.redrawNow();
        // One pixel column: PU 0's low and high, PU 1's single value.
        QCOMPARE(pointsOf(chart, 0), (QList<QPointF>{QPointF(0, 25), QPointF(0, 75)}));
        QCOMPARE(pointsOf(chart, 1), (QList<QPointF>{QPointF(0, 25)}));
    }

    void aBurstOfRefreshesRedrawsAtMostFiveTimesASecondAndEndsOnTheLatestTick() {
        const std::vector<int> cpus = range(20);
        LoadChart chart;
        Shown shown(chart);
        chart.setCpus(cpus);
        QSignalSpy replaced(static_cast<QLineSeries*>(chart.chart()->series().at(0)), &QXYSeries::pointsReplaced);
        SampleHistory history;
        QElapsedTimer clock;
        clock.start();
        const int ticks = 40;
        for (int t = 0; t < ticks; ++t) {
            history.add(2.0 * t, -1, tick(cpus, std::vector<int>(cpus.size(), t % 5)));
            chart.refresh(history, 2.0 * t);
        }
        const qint64 elapsedMs = clock.elapsed();
        QVERIFY(replaced.count() >= 1); // the first refresh draws at once
        QVERIFY2(replaced.count() <= 1 + elapsedMs * LoadChart::kMaxRedrawHz / 1000,
                 qPrintable(QStringLiteral("%1 redraws in %2 ms").arg(replaced.count()).arg(elapsedMs)));
        QTRY_VERIFY(!chart.redrawPending());
        QCOMPARE(pointsOf(chart, 0).back(), QPointF(0, 25.0 * ((ticks - 1) % 5)));
    }

    // A light/dark switch re-themes the chart, which resets every series'
    // pen to the theme's colours: the role colours and widths come back.
    void keepsItsColoursAcrossALiveThemeSwitch() {
        LoadChart chart;
        chart.setCpus(range(64));
        QPalette dark = chart.palette();
        dark.setColor(QPalette::Window, QColor(37, 37, 38));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        chart.setPalette(dark);
        QCOMPARE(chart.chart()->theme(), QChart::ChartThemeDark);
        const UiPalette darkRoles(Scheme::Dark);
        const auto* mean = static_cast<QLineSeries*>(chart.chart()->series().at(0));
        const auto* busiest = static_cast<QLineSeries*>(chart.chart()->series().at(1));
        QCOMPARE(mean->pen().color(), darkRoles.color(ColorRole::CpuUser));
        QCOMPARE(mean->pen().widthF(), 2.2);
        QCOMPARE(busiest->pen().color(), darkRoles.color(ColorRole::CpuSystem));
    }
};

QTEST_MAIN(TestLoadChart)
#include "test_load_chart.moc"
