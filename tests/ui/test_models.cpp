// The window's models under QAbstractItemModelTester, fed the same events
// the engine streams; the run table sorts numbers as numbers; the phase stack
// adds up to the wall time; timeline bars merge and keep every task counted.

#include "charts/phase_chart.h"
#include "charts/speedup_chart.h"
#include "charts/timeline_chart.h"
#include "fake_engine.h"
#include "models/findings_model.h"
#include "models/run_store.h"
#include "models/run_table_model.h"
#include "models/sample_history.h"
#include "models/worker_table_model.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;

namespace {

void feed(RunStore& store, const std::vector<events::Event>& stream) {
    store.beginInvocation();
    for (const auto& e : stream) store.add(e);
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT
private slots:
    void runTableHasOneRowPerRunAndSortsNumerically() {
        RunStore store;
        RunTableModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        feed(store, testing::FakeEngine::twoWorkerRun(2, 10.0));
        feed(store, testing::FakeEngine::twoWorkerRun(1, 9.0));
        feed(store, testing::FakeEngine::twoWorkerRun(2, 0.75));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), static_cast<int>(RunTableModel::ColumnCount));
        QCOMPARE(model.index(1, RunTableModel::Workers).data().toInt(), 1);
        QCOMPARE(model.index(0, RunTableModel::WallSeconds).data().toString(), QString("10.00"));
        QCOMPARE(model.index(0, RunTableModel::Findings).data().toString(), QString("good-scaling"));
        QCOMPARE(model.index(0, RunTableModel::Status).data().toString(), QString("ok"));

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(RunTableModel::SortRole);
        proxy.sort(RunTableModel::WallSeconds, Qt::AscendingOrder);
        // As text "10.00" < "9.000"; as numbers 0.75 < 9 < 10.
        QCOMPARE(proxy.index(0, RunTableModel::WallSeconds).data(RunTableModel::SortRole).toDouble(), 0.75);
        QCOMPARE(proxy.index(2, RunTableModel::WallSeconds).data(RunTableModel::SortRole).toDouble(), 10.0);
        QCOMPARE(proxy.index(2, 0).data(RunTableModel::RunIndexRole).toInt(), 0);

        store.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void storeReadsASavedEventFile() {
        testing::FakeEngine fake;
        std::string text;
        for (const auto& e : testing::FakeEngine::twoWorkerRun()) text += events::toJsonLine(e) + "\n";
        const QString path = fake.path("saved.jsonl");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.data(), static_cast<qint64>(text.size()));
        f.close();
        RunStore store;
        QCOMPARE(store.loadEventFile(path), 1);
        QCOMPARE(store.runs()[0].tasks.size(), size_t{4});
        QCOMPARE(store.runs()[0].record.done.workers.size(), size_t{2});
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, store.loadEventFile(fake.path("missing.jsonl")));
    }

    void findingsAndWorkersModels() {
        FindingsModel findings;
        QAbstractItemModelTester t1(&findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
        events::Error crash;
        crash.kind = events::ErrorKind::WorkerCrashed;
        crash.message = "worker 1 (pid 7) killed by SIGSEGV during task 3";
        findings.setFindings({{"oversubscribed", "warning", "8 runnable threads on 2 PUs", nlohmann::json::object()}},
                             {crash});
        QCOMPARE(findings.rowCount(), 2);
        QVERIFY(findings.index(0).data().toString().contains("SIGSEGV"));
        QCOMPARE(findings.index(0).data(FindingsModel::SeverityRole).toString(), QString("error"));
        QCOMPARE(findings.index(1).data(FindingsModel::IdRole).toString(), QString("oversubscribed"));
        QVERIFY(!findings.index(1).data().toString().contains("In the panel"));
        // The advisor's knob changes read as the panel's fields.
        const nlohmann::json evidence = {
            {"fix_knobs",
             {{{"knob", "threads"}, {"value", "1"}, {"current", "2"}, {"flag", "--threads 1"}},
              {{"knob", "cpus"}, {"value", ""}, {"current", "0;0"}, {"flag", "--cpus ''"}}}}};
        findings.setFindings(
            {{"oversubscribed", "problem", "4 runnable threads on 2 PUs. Fix: --threads 1.", evidence}}, {});
        QVERIFY2(findings.index(0).data().toString().endsWith("In the panel: threads = 1, cpus = (empty)."),
                 qPrintable(findings.index(0).data().toString()));
        // The fix in the finding's own text names the field, not the CLI flag.
        QVERIFY2(findings.index(0).data().toString().contains("Fix: threads: 1."),
                 qPrintable(findings.index(0).data().toString()));
        QVERIFY(!findings.index(0).data().toString().contains("--threads"));
        findings.clear();
        QCOMPARE(findings.rowCount(), 0);

        WorkerTableModel workers;
        QAbstractItemModelTester t2(&workers, QAbstractItemModelTester::FailureReportingMode::QtTest);
        events::WorkerStats w;
        w.worker = 1;
        w.pid = 77;
        w.cpuset = "1";
        workers.setWorkers({w});
        QCOMPARE(workers.rowCount(), 1);
        QCOMPARE(workers.index(0, WorkerTableModel::Pid).data().toInt(), 77);
        QVERIFY(workers.index(0, WorkerTableModel::Worker).data(Qt::DecorationRole).value<QColor>().isValid());
        QCOMPARE(workers.index(0, WorkerTableModel::Worker).data().toString(), QStringLiteral("1"));
        w.rank = 0; // an MPI rank of a command run
        workers.setWorkers({w});
        QCOMPARE(workers.index(0, WorkerTableModel::Worker).data().toString(), QStringLiteral("1 (rank 0)"));
    }

    void phaseStackAddsUpToWallTime() {
        RunStore store;
        feed(store, testing::FakeEngine::twoWorkerRun(2, 0.5));
        auto run = store.runs()[0];
        auto& phases = run.record.done.phases;
        phases = {};
        phases.prepareSeconds = 0.05;
        phases.spawnSeconds = 0.05;
        phases.computeSeconds = 0.25;
        phases.waitSeconds = 0.1;
        phases.teardownSeconds = 0.05;
        const PhaseStack stack = phaseStackOf(run);
        QCOMPARE(stack.prepareSeconds, 0.05);
        QCOMPARE(stack.waitSeconds, 0.1);
        QVERIFY(qAbs(stack.total() - 0.5) < 1e-12);
        QCOMPARE(stack.unaccountedSeconds, 0.0); // the engine's phases add up: nothing left over
        // Rounding in the engine's sums is not a phase either.
        auto rounded = run;
        rounded.record.done.wallSeconds = 0.5 + 1e-12;
        QCOMPARE(phaseStackOf(rounded).unaccountedSeconds, 0.0);

        // A recording from before prepare and wait were named: the rest is shown, not hidden.
        phases.prepareSeconds = phases.waitSeconds = 0;
        const PhaseStack older = phaseStackOf(run);
        QVERIFY(qAbs(older.unaccountedSeconds - 0.15) < 1e-12);
        QVERIFY(qAbs(older.total() - 0.5) < 1e-12);
    }

    void speedupNeedsTwoPointsAndUsesTheFamily() {
        RunStore store;
        feed(store, testing::FakeEngine::twoWorkerRun(1, 1.0));
        QVERIFY(speedupCurveOf(store.runs(), -1).points.empty());
        feed(store, testing::FakeEngine::twoWorkerRun(2, 0.5));
        const SpeedupCurve curve = speedupCurveOf(store.runs(), -1);
        QCOMPARE(curve.points.size(), size_t{2});
        QCOMPARE(curve.points[1].speedup, 2.0);
        QCOMPARE(curve.points[1].efficiency.value_or(0), 1.0);
        QVERIFY(!curve.points[0].efficiency); // the base: parallelism did not change
    }

    void timelineMergesBarsButCountsEveryTask() {
        RunStore store;
        feed(store, testing::FakeEngine::twoWorkerRun(2, 0.5));
        const auto bars = timelineBars(store.runs()[0]);
        int tasks = 0;
        for (const auto& b : bars) tasks += b.tasks;
        QCOMPARE(tasks, 4);
        QCOMPARE(timelineBars(store.runs()[0], 2).size(), size_t{2}); // one bar per worker when squeezed
    }

    void sampleHistoryIsBoundedAndWritesCsv() {
        SampleHistory history(10, 100);
        for (int i = 0; i < 30; ++i) history.add(i, -1, testing::FakeEngine::sample(-1, i, {0.5, 0.25}).snapshot);
        QCOMPARE(history.ticks().front().arrivalSeconds, 19.0); // older than 10 s dropped
        const std::string csv = history.toCsv();
        QVERIFY(csv.rfind("t_s,engine_t_s,run,cpu,", 0) == 0);
        QCOMPARE(static_cast<int>(std::count(csv.begin(), csv.end(), '\n')), 1 + 11 * 2);
    }
};

QTEST_MAIN(TestModels)
#include "test_models.moc"
