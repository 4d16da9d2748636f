// The window with the real oversub-cli: the machine comes from
// `topology --json`, and a small 2-worker run goes through `run --events -`
// into the run table, with every task on the timeline and the workers'
// cpusets as the kernel reported them; a 2 x 2 run on 2 PUs, after which the
// gauge, the findings and the core view tell one story.

#include "coreview/core_view.h"
#include "error_banner.h"
#include "gauge_label.h"
#include "live_view.h"
#include "main_window.h"
#include "models/run_store.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "window_parts.h"

#include <QAction>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include "analysis/advice_text.h"
#include "analysis/advisor.h"

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

class TestRealEngine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("OVERSUB_ENGINE", OVERSUB_CLI_PATH); }
    void cleanupTestCase() { qunsetenv("OVERSUB_ENGINE"); }

    void smallTwoWorkerRunAddsARow() {
        StartupOptions options;
        options.ignoreSettings = true;
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 10000);
        QCOMPARE(static_cast<int>(part<CoreView>(window)->currentLayout().cells.size()),
                 part<LiveView>(window)->machine().puCount());
        QVERIFY(part<LiveView>(window)->machine().isThisMachine);

        part<KnobPanel>(window)->field("size")->setText("200");
        part<KnobPanel>(window)->field("tasks")->setText("6");
        part<KnobPanel>(window)->field("workers")->setText("2");
        QVERIFY2(part<KnobPanel>(window)->isValid(), qPrintable(part<KnobPanel>(window)->problem()));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(part<ErrorBanner>(window)->message()));
        QCOMPARE(part<ResultsView>(window)->runTable()->model()->rowCount(), 1);
        const StoredRun& run = part<RunStore>(window)->runs()[0];
        QCOMPARE(run.record.experiment.workers, 2);
        QCOMPARE(run.tasks.size(), size_t{6});
        QCOMPARE(run.record.done.workers.size(), size_t{2});
        int64_t tasks = 0;
        for (const auto& w : run.record.done.workers) {
            tasks += w.tasks;
            QVERIFY(!w.cpuset.empty());
        }
        QCOMPARE(tasks, int64_t{6});
        QVERIFY(run.record.done.wallSeconds > 0);
    }

    void twoThreadsPerWorkerOnEveryPuGaugeFindingsAndCoreViewAgree() {
        StartupOptions options;
        options.ignoreSettings = true;
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 10000);
        // Every allowed PU gets a worker of 2 BLAS threads: x2 (on the 2-PU CI box, 2 x 2).
        const int pus = part<LiveView>(window)->machine().allowed.count();

        part<KnobPanel>(window)->field("workload")->setText("gemm");
        // Long enough (~0.3 s on 2 PUs) for busy ticks, whose last reading must not win.
        part<KnobPanel>(window)->field("size")->setText("800");
        part<KnobPanel>(window)->field("tasks")->setText(QString::number(8 * pus));
        part<KnobPanel>(window)->field("delivery")->setText("generate");
        part<KnobPanel>(window)->field("workers")->setText(QString::number(pus));
        part<KnobPanel>(window)->field("threads")->setText("2");
        QVERIFY2(part<KnobPanel>(window)->isValid(), qPrintable(part<KnobPanel>(window)->problem()));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(part<ErrorBanner>(window)->message()));
        const events::RunDone& done = part<RunStore>(window)->runs().back().record.done;

        // The gauge shows the whole run: the findings' run-queue share, 4 threads on 2 PUs.
        const GaugeLabel* gauge = part<GaugeLabel>(window);
        QVERIFY(gauge->runReading().has_value());
        QCOMPARE(gauge->runReading()->threadsSeen, 2 * pus);
        QCOMPARE(gauge->runReading()->allowedPus, pus);
        const events::Finding* over = nullptr;
        for (const auto& f : done.findings)
            if (f.id == analysis::kOversubscribed) over = &f;
        QVERIFY2(over, "two BLAS threads per worker on every PU is oversubscribed");
        const double share = over->evidence.at("runq_wait_share").get<double>();
        QVERIFY(std::abs(gauge->runReading()->runqWaitShare - share) < 1e-6);
        QVERIFY2(gauge->lastReading().has_value(), "busy ticks came in during the run");
        const QString percent = QString::fromStdString(analysis::percent(share));
        const QString head = QStringLiteral("last run: %1 threads on %2 (x2)")
                                 .arg(2 * pus)
                                 .arg(pus == 1 ? QStringLiteral("1 PU") : QStringLiteral("%1 PUs").arg(pus));
        QVERIFY2(gauge->text().startsWith(head), qPrintable(gauge->text()));
        QVERIFY2(gauge->text().contains(percent + " of worker time waiting"), qPrintable(gauge->text()));
        QVERIFY2(QString::fromStdString(over->text).contains(percent + " of worker time"), over->text.c_str());

        // The core view shows the run's mean per PU: every PU busy (twice as
        // many threads wanted them), not the calm last tick of the teardown.
        QVERIFY(part<LiveView>(window)->showsRunMean());
        for (int pu : part<LiveView>(window)->machine().allowed.toVector()) {
            const auto shown = part<CoreView>(window)->shareOn(pu);
            QVERIFY(shown.has_value());
            QVERIFY2(shown->busy() >= 0.5, qPrintable(QStringLiteral("PU %1 mean busy %2").arg(pu).arg(shown->busy())));
        }
    }
};

QTEST_MAIN(TestRealEngine)
#include "test_real_engine.moc"
