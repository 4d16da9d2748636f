// A crashed worker is said once: the banner names the worker, its signal and
// its task in one sentence (not again in the engine's words, not again as
// the engine's exit, whose quoted stderr line is a line of the CLI's report),
// and the findings list shows the crash and the run's finding each on a row
// of its own.

#include "fake_engine.h"
#include "main_window.h"
#include "window_parts.h"

#include <QAbstractItemModel>
#include <QListView>
#include <QSignalSpy>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

// The run of FakeEngine::twoWorkerRun with worker 1 killed by SIGSEGV, as
// oversub-cli streams it: the error event in the engine's words, then a
// failed run_done with a finding, and an exit status 3.
std::vector<events::Event> crashedRun(const std::string& findingText) {
    auto stream = testing::FakeEngine::twoWorkerRun();
    events::Error crash;
    crash.kind = events::ErrorKind::WorkerCrashed;
    crash.run = 0;
    crash.worker = 1;
    crash.pid = 1001;
    crash.signal = "SIGSEGV";
    crash.task = 3;
    crash.message = "worker 1 (pid 1001) killed by SIGSEGV during task 3";
    for (auto& e : stream)
        if (auto* done = std::get_if<events::RunDone>(&e)) {
            done->status = events::RunStatus::Failed;
            done->findings = {{"short-run", "warning", findingText, nlohmann::json::object()}};
        }
    stream.insert(stream.end() - 3, crash);
    return stream;
}

StartupOptions at1920x1080() {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = QSize(1920, 1080);
    return o;
}

} // namespace

class TestCrashBanner : public QObject {
    Q_OBJECT
private slots:
    void aCrashIsSaidOnceAndItsFindingOnARowOfItsOwn() {
        testing::FakeEngine fake;
        const std::string finding = "100% of the timed interval went to starting workers, waiting for tasks or for "
                                    "the slowest worker, moving data and stopping workers, not to the work: the run "
                                    "is too short for its times to say much about the kernel. Use --tasks 40.";
        fake.setRunEvents(crashedRun(finding));
        fake.setMode("exit 3");
        MainWindow window(at1920x1080());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));

        const QString banner = part<ErrorBanner>(window)->message();
        QCOMPARE(banner, QStringLiteral("Worker 1 (pid 1001) was killed by SIGSEGV during task 3."));
        // The engine's stderr ends with a line of its report, not the crash: not quoted as the reason.
        QCOMPARE(statusMessage(window), QStringLiteral("Failed: ") + banner);

        auto* list = window.findChild<QListView*>(QStringLiteral("findings"));
        QVERIFY(list);
        const QAbstractItemModel* model = list->model();
        QCOMPARE(model->rowCount(), 2);
        const QString crashRow = model->index(0, 0).data().toString();
        QCOMPARE(crashRow.count(QStringLiteral("SIGSEGV")), 1);
        QVERIFY2(model->index(1, 0).data().toString().contains(QString::fromStdString(finding)),
                 qPrintable(model->index(1, 0).data().toString()));
    }
};

QTEST_MAIN(TestCrashBanner)
#include "test_crash_banner.moc"
