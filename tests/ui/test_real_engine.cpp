// The window with the real oversub-cli: the machine comes from
// `topology --json`, and a small 2-worker run goes through `run --events -`
// into the run table, with every task on the timeline and the workers'
// cpusets as the kernel reported them.

#include "coreview/core_view.h"
#include "error_banner.h"
#include "main_window.h"
#include "models/run_store.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "window_parts.h"

#include <QAction>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

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
};

QTEST_MAIN(TestRealEngine)
#include "test_real_engine.moc"
