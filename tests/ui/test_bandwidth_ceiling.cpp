// The memory bandwidth ceiling on the speedup chart: read from a sweep's
// sweep_done summary ("bandwidth": machine_gbps, one_worker_gbps, ceiling),
// drawn as a horizontal dashed line at exactly that speedup with its label,
// only for memory-bound runs of that sweep; and in the window, a triad sweep
// from the engine draws it.

#include "charts/speedup_chart.h"
#include "fake_engine.h"
#include "main_window.h"
#include "models/run_store.h"
#include "window_parts.h"

#include <QChart>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

nlohmann::json summaryWithCeiling(double ceiling, double machineGbps, double oneWorkerGbps) {
    return {{"points", nlohmann::json::array()},
            {"bandwidth", {{"machine_gbps", machineGbps}, {"one_worker_gbps", oneWorkerGbps}, {"ceiling", ceiling}}}};
}

StoredRun storedRun(Workload workload, int workers, double wallSeconds, int invocation) {
    StoredRun run;
    run.invocation = invocation;
    run.record.experiment = defaults();
    run.record.experiment.workload = workload;
    run.record.experiment.workers = workers;
    run.record.done.status = events::RunStatus::Ok;
    run.record.done.wallSeconds = wallSeconds;
    return run;
}

// A triad sweep as the engine streams it: workers 1 then 2, then sweep_done with the bandwidth.
std::vector<events::Event> triadSweep(double ceiling, double machineGbps, double oneWorkerGbps) {
    auto first = testing::FakeEngine::twoWorkerRun(1, 1.0, 0);
    auto second = testing::FakeEngine::twoWorkerRun(2, 0.6, 1);
    std::vector<events::Event> out(first.begin(), first.end() - 1); // without its sweep_done
    for (auto& e : second)
        if (!std::holds_alternative<events::Hello>(e) && !std::holds_alternative<events::SweepStarted>(e) &&
            !std::holds_alternative<events::SweepDone>(e))
            out.push_back(e);
    for (auto& e : out)
        if (auto* s = std::get_if<events::RunStarted>(&e)) s->experiment["workload"] = "triad";
    out.push_back(
        events::SweepDone{events::RunStatus::Ok, 2, 0, 1.6, summaryWithCeiling(ceiling, machineGbps, oneWorkerGbps)});
    return out;
}

} // namespace

class TestBandwidthCeiling : public QObject {
    Q_OBJECT
private slots:
    void readFromTheSweepSummary() {
        const auto c = bandwidthCeilingOf(summaryWithCeiling(1.9, 14.2, 7.47));
        QVERIFY(c.has_value());
        QCOMPARE(c->ceiling, 1.9);
        QCOMPARE(c->machineGbps, 14.2);
        QCOMPARE(c->oneWorkerGbps, 7.47);
        nlohmann::json none = summaryWithCeiling(1.9, 14.2, 7.47);
        none["bandwidth"]["ceiling"] = nullptr; // not memory-bound: the engine writes null
        QVERIFY(!bandwidthCeilingOf(none).has_value());
        QVERIFY(!bandwidthCeilingOf(nlohmann::json::object()).has_value());
    }

    void drawnAtTheCeilingForMemoryBoundRuns() {
        SpeedupChart chart;
        chart.setBandwidthCeiling(3, {1.9, 14.2, 7.47});
        std::vector<StoredRun> runs{storedRun(Workload::Triad, 1, 1.0, 3), storedRun(Workload::Triad, 2, 0.6, 3)};
        chart.setRuns(runs, 1);
        QVERIFY(chart.shownCeiling().has_value());
        QLineSeries* line = chart.ceilingLine();
        QVERIFY(line->isVisible());
        QCOMPARE(line->count(), 2);
        QCOMPARE(line->at(0).y(), 1.9);
        QCOMPARE(line->at(1).y(), 1.9);
        QVERIFY(line->at(1).x() > line->at(0).x());
        QCOMPARE(line->pen().style(), Qt::DashLine);
        QCOMPARE(chart.ceilingText(), QStringLiteral("memory bandwidth ceiling 1.9x (measured 14.2 GB/s)"));
        QCOMPARE(line->name(), chart.ceilingText());
        // A switch to a dark palette re-themes the chart; the line stays dashed.
        QPalette dark = chart.palette();
        dark.setColor(QPalette::Window, QColor(37, 37, 38));
        chart.setPalette(dark);
        QCOMPARE(chart.chart()->theme(), QChart::ChartThemeDark);
        QCOMPARE(line->pen().style(), Qt::DashLine);
        QCOMPARE(line->at(0).y(), 1.9);
    }

    void notDrawnForComputeBoundRunsOrOtherSweeps() {
        SpeedupChart chart;
        chart.setBandwidthCeiling(3, {1.9, 14.2, 7.47});
        chart.setRuns({storedRun(Workload::Gemm, 1, 1.0, 3), storedRun(Workload::Gemm, 2, 0.55, 3)}, 1);
        QVERIFY(!chart.shownCeiling().has_value());
        QVERIFY(!chart.ceilingLine()->isVisible());
        QCOMPARE(chart.ceilingLine()->count(), 0);
        // A triad sweep of another invocation, which measured no ceiling.
        chart.setRuns({storedRun(Workload::Triad, 1, 1.0, 4), storedRun(Workload::Triad, 2, 0.6, 4)}, 1);
        QVERIFY(!chart.shownCeiling().has_value());
    }

    void aTriadSweepFromTheEngineDrawsIt() {
        testing::FakeEngine fake;
        fake.setRunEvents(triadSweep(1.87, 14.2, 7.6));
        StartupOptions options;
        options.ignoreSettings = true;
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(5000));
        QCOMPARE(part<RunStore>(window)->runs().size(), size_t{2});
        SpeedupChart* chart = nullptr;
        for (ChartPanel* c : window.findChildren<ChartPanel*>())
            if (auto* s = qobject_cast<SpeedupChart*>(c)) chart = s;
        QVERIFY(chart);
        QVERIFY(chart->shownCeiling().has_value());
        QCOMPARE(chart->ceilingLine()->at(0).y(), 1.87);
        QCOMPARE(chart->ceilingText(), QStringLiteral("memory bandwidth ceiling 1.9x (measured 14.2 GB/s)"));
    }
};

QTEST_MAIN(TestBandwidthCeiling)
#include "test_bandwidth_ceiling.moc"
