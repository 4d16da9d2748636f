// A sweep of your own program in the window, with the real engine, where one
// point fails: the banner shows that point's exit status and last output as
// the engine said them, and the sweep goes on to the next point (the
// engine's default, the window passes no flag), whose run lands in the table.

#include "error_banner.h"
#include "main_window.h"
#include "models/run_store.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "startup_options.h"
#include "window_parts.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

class TestCommandFailureWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("OVERSUB_ENGINE", OVERSUB_CLI_PATH); }
    void cleanupTestCase() { qunsetenv("OVERSUB_ENGINE"); }

    void aFailedCommandPointIsShownWithItsStatusWhileTheSweepGoesOn() {
        StartupOptions options;
        options.ignoreSettings = true;
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 10000);
        part<KnobPanel>(window)->field("command")->setText(
            QStringLiteral("sh -c 'echo loading; echo \"bad row {workers}\" >&2; test {workers} -ne 1'"));
        part<KnobPanel>(window)->sweepField("workers")->setText(QStringLiteral("1,2"));
        part<KnobPanel>(window)->sweepField("threads")->setText(QStringLiteral("1"));
        QVERIFY2(part<KnobPanel>(window)->isValid(), qPrintable(part<KnobPanel>(window)->problem()));
        QVERIFY2(part<KnobPanel>(window)->isSweepValid(), qPrintable(part<KnobPanel>(window)->sweepProblem()));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        QVERIFY(finished.wait(60000));
        QVERIFY(!finished.first().first().toBool()); // a point failed: the engine exits 3

        const QString banner = part<ErrorBanner>(window)->message();
        QVERIFY2(banner.contains(QStringLiteral("exited with status 1")), qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("its last output: loading | bad row 1")), qPrintable(banner));

        const auto& runs = part<RunStore>(window)->runs();
        QVERIFY(!runs.empty());
        // The workers=2 point ran after the failed workers=1 point.
        QCOMPARE(runs.back().record.experiment.workers, 2);
        QVERIFY(runs.back().record.done.status == events::RunStatus::Ok);
    }
};

QTEST_MAIN(TestCommandFailureWindow)
#include "test_command_failure_window.moc"
