// The charts' value axes tick at round numbers (a 1-2-5 interval from 0,
// never 0.92, 1.85, 2.77), and the wall-time chart groups its bars by sweep
// point (a gap between points, the point's label under its runs), hatches
// warm-up runs, and keeps every run's number on the axis. The timeline marks
// the run's phases, so the time before the first task is explained.

#include "charts/phase_chart.h"
#include "charts/phase_marks.h"
#include "charts/speedup_chart.h"
#include "charts/timeline_chart.h"
#include "models/run_store.h"

#include <QBarCategoryAxis>
#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <QtTest>

#include <cmath>

using namespace oversub;
using namespace oversub::ui;

namespace {

// 1, 2 or 5 times a power of ten.
bool isOneTwoFive(double interval) {
    if (!(interval > 0)) return false;
    const double decade = std::pow(10.0, std::floor(std::log10(interval) + 1e-9));
    const double mantissa = interval / decade;
    for (double m : {1.0, 2.0, 5.0})
        if (std::abs(mantissa - m) < 1e-6) return true;
    return false;
}

// Every value axis of the chart ticks from 0 at a 1-2-5 interval.
void expectRoundTicks(const QChart* chart) {
    int valueAxes = 0;
    for (QAbstractAxis* axis : chart->axes()) {
        auto* values = qobject_cast<QValueAxis*>(axis);
        if (!values || qobject_cast<QCategoryAxis*>(axis)) continue;
        ++valueAxes;
        const QString name = axis->titleText();
        QVERIFY2(values->tickType() == QValueAxis::TicksDynamic,
                 qPrintable(QStringLiteral("%1: %2 evenly spread ticks over %3..%4")
                                .arg(name)
                                .arg(values->tickCount())
                                .arg(values->min())
                                .arg(values->max())));
        QVERIFY2(isOneTwoFive(values->tickInterval()),
                 qPrintable(QStringLiteral("%1: interval %2").arg(name).arg(values->tickInterval())));
        QCOMPARE(values->tickAnchor(), 0.0);
        QCOMPARE(values->min(), 0.0);
        // The top is a tick too: no half step at the end.
        const double steps = values->max() / values->tickInterval();
        QVERIFY2(std::abs(steps - std::round(steps)) < 1e-6, qPrintable(name));
    }
    QVERIFY(valueAxes > 0);
}

StoredRun storedRun(int point, const std::string& label, bool warmup, double wallSeconds, int workers = 1,
                    int invocation = 0) {
    StoredRun run;
    run.invocation = invocation;
    run.record.experiment = defaults();
    run.record.experiment.workers = workers;
    run.record.point = point;
    run.record.label = label;
    run.record.warmup = warmup;
    run.record.done.status = events::RunStatus::Ok;
    run.record.done.wallSeconds = wallSeconds;
    run.record.done.phases.computeSeconds = wallSeconds;
    return run;
}

} // namespace

class TestChartAxes : public QObject {
    Q_OBJECT
private slots:
    void speedupAxesTickAtRoundNumbers() {
        // A top speedup of 3.2 spread over Qt's five default ticks gave 0.92, 1.85, 2.77.
        std::vector<StoredRun> runs;
        const double seconds[] = {4.0, 2.1, 1.25};
        const int workers[] = {1, 2, 4};
        for (int i = 0; i < 3; ++i) runs.push_back(storedRun(i, "", false, seconds[i], workers[i]));
        SpeedupChart chart;
        chart.resize(900, 600);
        chart.setRuns(runs, -1);
        QCOMPARE(chart.curve().points.size(), size_t{3});
        expectRoundTicks(chart.chart());
    }

    // One point beyond the base drew no efficiency line at all (a line needs
    // two points; the base's efficiency is 100 % by definition).
    void efficiencyStartsAtTheBasesHundredPercent() {
        SpeedupChart chart;
        chart.resize(900, 600);
        chart.setRuns({storedRun(0, "", false, 2.0, 1), storedRun(1, "", false, 1.25, 2)}, -1);
        QLineSeries* efficiency = nullptr;
        for (QAbstractSeries* series : chart.chart()->series())
            if (series->objectName() == QLatin1String("efficiency")) efficiency = qobject_cast<QLineSeries*>(series);
        QVERIFY(efficiency);
        QCOMPARE(efficiency->points(), (QList<QPointF>{QPointF(1, 100), QPointF(2, 80)}));
        QVERIFY(efficiency->pointsVisible());
    }

    void wallTimeAxisTicksAtRoundNumbers() {
        PhaseChart chart;
        chart.resize(900, 600);
        chart.setRuns({storedRun(0, "", false, 3.35), storedRun(1, "", false, 2.9)}, -1);
        expectRoundTicks(chart.chart());
    }

    void timelineTimeAxisTicksAtRoundNumbers() {
        StoredRun run = storedRun(0, "", false, 1.37);
        run.tasks.push_back(events::TaskDone{0, 0, 0, 0.02, 0.71, 0.0, 0.69});
        run.tasks.push_back(events::TaskDone{0, 1, 1, 0.03, 1.33, 0.0, 1.3});
        TimelineChart chart;
        chart.resize(900, 600);
        chart.setRun(&run, 0);
        expectRoundTicks(chart.chart());
    }

    void timelineNamesThePreparationBeforeTheFirstTask() {
        StoredRun run = storedRun(0, "", false, 10);
        run.record.done.phases = {};
        run.record.done.phases.prepareSeconds = 4; // the conductor building inputs
        run.record.done.phases.spawnSeconds = 0.05;
        run.record.done.phases.computeSeconds = 5.9;
        run.record.done.phases.teardownSeconds = 0.05;
        run.tasks.push_back(events::TaskDone{0, 0, 0, 4.05, 9.9, 0.0, 5.85});
        TimelineChart chart;
        chart.resize(1200, 600);
        chart.setRun(&run, 0);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCoreApplication::processEvents();
        const auto& labels = chart.phaseMarks().labels();
        QCOMPARE(labels.size(), size_t{2});
        QCOMPARE(labels[0].name, QStringLiteral("prepare"));
        QVERIFY2(std::abs(labels[0].centre - 2) < 0.1, qPrintable(QString::number(labels[0].centre)));
        QCOMPARE(labels[1].name, QStringLiteral("compute"));
        QVERIFY2(std::abs(labels[1].centre - 7) < 0.1, qPrintable(QString::number(labels[1].centre)));
        chart.setRun(nullptr, -1); // no run selected: no marks
        QCOMPARE(chart.phaseMarks().runCount(), size_t{0});
        QCOMPARE(chart.phaseMarks().lineCount(), 0);
    }

    void wallTimeBarsAreGroupedBySweepPointWithWarmUpsHatched() {
        // The first point's warm-up, two repetitions each of two points.
        const std::vector<StoredRun> runs = {
            storedRun(0, "affinity=single", true, 1.2), storedRun(0, "affinity=single", false, 1.0),
            storedRun(0, "affinity=single", false, 1.1), storedRun(1, "affinity=scatter", false, 0.6),
            storedRun(1, "affinity=scatter", false, 0.55)};
        PhaseChart chart;
        chart.resize(1200, 600);
        chart.setRuns(runs, 4);
        QCOMPARE(chart.barCount(), 5);
        // A blank slot between the points; the selected (last) run bracketed.
        QCOMPARE(chart.categories(), (QStringList{QStringLiteral("#1"), QStringLiteral("#2"), QStringLiteral("#3"),
                                                  QStringLiteral(" "), QStringLiteral("#4"), QStringLiteral("[#5]")}));
        QCOMPARE(chart.pointLabels(),
                 (QStringList{QStringLiteral("affinity=single"), QString(), QStringLiteral("affinity=scatter")}));
        QVERIFY(chart.isHatched(0)); // the warm-up
        for (int category : {1, 2, 4, 5}) QVERIFY2(!chart.isHatched(category), qPrintable(QString::number(category)));
    }

    void singleRunsNeedNoGaps() {
        PhaseChart chart;
        chart.setRuns({storedRun(0, "", false, 1.0, 1, 0), storedRun(0, "", false, 0.9, 1, 1),
                       storedRun(0, "", false, 0.8, 1, 2)},
                      1);
        // Three invocations of one run each (point 0 of each): no group, no gap, no point labels.
        QCOMPARE(chart.categories(), (QStringList{QStringLiteral("#1"), QStringLiteral("[#2]")}));
    }
};

QTEST_MAIN(TestChartAxes)
#include "test_chart_axes.moc"
