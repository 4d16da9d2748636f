// Attach to process, against the scripted engine: the dialog filters core's
// process list and takes a typed pid; attaching asks the engine for
// `watch --pid PID`; the core view gives each process of the tree its own
// colour and names it; the status bar says pid, name, processes and
// threads; Esc detaches and the idle live view comes back; an unknown pid is
// refused by name; a tree that exits is reported.

#include "attach_dialog.h"
#include "coreview/core_view.h"
#include "error_banner.h"
#include "fake_engine.h"
#include "main_window.h"
#include "ui_palette.h"
#include "window_parts.h"

#include "sampler/process_list_info.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <set>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

StartupOptions quietOptions() {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = QSize(1280, 800);
    return o;
}

// Two processes of one tree: `parent` with two threads, `child` with one.
std::vector<events::Event> treeSamples(int parent, int child) {
    std::vector<events::Event> out;
    out.push_back(events::Hello{events::kSchemaVersion, "fake-engine"});
    auto s = testing::FakeEngine::sample(-1, 0.1, {0.9, 0.7});
    s.snapshot.threads.push_back({parent, parent, -1, 0, 'R', 0.5, 0, 0.5, 0.1});
    s.snapshot.threads.push_back({parent, parent + 100000, -1, 1, 'R', 0.4, 0, 0.4, 0.0});
    s.snapshot.threads.push_back({child, child, -1, 1, 'R', 0.3, 0, 0.3, 0.2});
    s.newProcesses = {{parent, "sleep"}, {child, "sleep"}}; // the engine names each process once
    out.push_back(s);
    return out;
}

// Points the window at a given engine for one test.
struct EngineOverride {
    explicit EngineOverride(const QByteArray& path) { qputenv("OVERSUB_ENGINE", path); }
    ~EngineOverride() { qunsetenv("OVERSUB_ENGINE"); }
};

// A process that exists while the test looks at it.
struct Sleeper {
    QProcess process;
    Sleeper() {
        process.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        process.waitForStarted(5000);
    }
    ~Sleeper() {
        process.kill();
        process.waitForFinished(5000);
    }
    int pid() const { return static_cast<int>(process.processId()); }
};

void waitUntilNamed(int pid, const char* name) {
    for (int i = 0; i < 200; ++i) {
        const auto info = sampler::processInfo(pid);
        if (info && info->name == name) return;
        QTest::qWait(10);
    }
}

} // namespace

class TestAttachWindow : public QObject {
    Q_OBJECT
private slots:
    void dialogFiltersTheListAndTakesATypedPid() {
        AttachDialog dialog(nullptr, [] {
            return std::vector<sampler::ProcessListEntry>{{10, 1, "python3", "python3 pool.py --workers 4", 5},
                                                          {11, 1, "bash", "/bin/bash", 1},
                                                          {210, 2, "kworker/0:1", "", 1}};
        });
        QCOMPARE(dialog.visibleRows(), 3);
        QCOMPARE(dialog.selectedPid(), 0);
        QVERIFY(!dialog.attachButton()->isEnabled());
        dialog.setFilter(QStringLiteral("pool"));
        QCOMPARE(dialog.visibleRows(), 1);
        QCOMPARE(dialog.pidOfRow(0), 10);
        QCOMPARE(dialog.selectedPid(), 10); // a single match is selected
        QVERIFY(dialog.attachButton()->isEnabled());
        QVERIFY(dialog.selectedEntry() != nullptr);
        QCOMPARE(QString::fromStdString(dialog.selectedEntry()->name), QStringLiteral("python3"));
        dialog.setFilter(QStringLiteral("21"));
        QCOMPARE(dialog.visibleRows(), 1);
        QCOMPARE(dialog.pidOfRow(0), 210);
        dialog.setFilter({});
        dialog.pidField()->setText(QStringLiteral("4242"));
        QCOMPARE(dialog.selectedPid(), 4242); // typed wins over the list
        QVERIFY(dialog.attachButton()->isEnabled());
        dialog.pidField()->clear();
        QTest::keyClicks(dialog.pidField(), QStringLiteral("12a3")); // the validator keeps only digits
        QCOMPARE(dialog.pidField()->text(), QStringLiteral("123"));
    }

    void dialogListsTheRealProcessesThroughTheEngine() {
        Sleeper sleeper;
        waitUntilNamed(sleeper.pid(), "sleep");
        const EngineOverride engine(OVERSUB_CLI_PATH); // `oversub-cli processes --json`
        AttachDialog dialog;
        QVERIFY(!dialog.findChild<QLabel*>(QStringLiteral("attachProblem"))->isVisibleTo(&dialog));
        dialog.setFilter(QString::number(sleeper.pid()));
        bool found = false;
        for (int row = 0; row < dialog.visibleRows(); ++row) found = found || dialog.pidOfRow(row) == sleeper.pid();
        QVERIFY(found);
    }

    void dialogSaysWhyWhenTheEngineGivesNoList() {
        const EngineOverride engine("/bin/false");
        AttachDialog dialog;
        QCOMPARE(dialog.visibleRows(), 0);
        const auto* problem = dialog.findChild<QLabel*>(QStringLiteral("attachProblem"));
        QVERIFY(problem->isVisibleTo(&dialog));
        QVERIFY2(problem->text().contains(QStringLiteral("/bin/false processes failed")), qPrintable(problem->text()));
    }

    void attachShowsTheTreeInProcessColoursAndDetachStops() {
        testing::FakeEngine fake;
        Sleeper parent, child;
        waitUntilNamed(parent.pid(), "sleep");
        waitUntilNamed(child.pid(), "sleep");
        fake.setWatchEvents({events::Hello{events::kSchemaVersion, "fake-engine"}});
        QFile attach(fake.path("attach.jsonl"));
        QVERIFY(attach.open(QIODevice::WriteOnly));
        for (const auto& e : treeSamples(parent.pid(), child.pid()))
            attach.write((events::toJsonLine(e) + "\n").c_str());
        attach.close();

        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QVERIFY(part<AttachController>(window)->attachAction()->isEnabled());
        QVERIFY(!part<AttachController>(window)->detachAction()->isEnabled());
        QVERIFY(part<AttachController>(window)->attachToPid(parent.pid()));
        QVERIFY(part<AttachController>(window)->isAttached());
        QVERIFY(part<AttachController>(window)->detachAction()->isEnabled());
        QVERIFY(!part<RunController>(window)->cancelAction()->isEnabled()); // Esc means Detach now
        QTRY_VERIFY_WITH_TIMEOUT(statusMessage(window).contains(QStringLiteral("2 processes")), 5000);
        const QString status = statusMessage(window);
        QVERIFY2(status.contains(QStringLiteral("pid %1 (sleep)").arg(parent.pid())), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("3 threads")), qPrintable(status));
        QVERIFY(
            fake.calls().contains(QStringLiteral("watch --pid %1 --rate 10 --findings --events -").arg(parent.pid())));

        CoreView* view = part<CoreView>(window);
        QVERIFY(view->showsProcessLegend());
        QCOMPARE(view->threadCountOn(0) + view->threadCountOn(1), 3);
        const int parentColour = view->processColourIndex(parent.pid());
        const int childColour = view->processColourIndex(child.pid());
        QVERIFY(parentColour >= 0 && childColour >= 0);
        QVERIFY(parentColour != childColour);
        const UiPalette light(Scheme::Light), dark(Scheme::Dark);
        QVERIFY(light.worker(parentColour) != light.worker(childColour));
        QVERIFY(dark.worker(parentColour) != dark.worker(childColour));
        const QString legend = view->processLegendText();
        QVERIFY2(legend.contains(QStringLiteral("%1 sleep").arg(parent.pid())), qPrintable(legend));
        QVERIFY2(legend.contains(QStringLiteral("%1 sleep").arg(child.pid())), qPrintable(legend));
        // Both process colours are on screen (markers and legend).
        const QImage image = view->grab().toImage();
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) colours.insert(image.pixel(x, y) & 0xffffff);
        const UiPalette pal = UiPalette::fromPalette(view->palette());
        QVERIFY(colours.count(pal.worker(parentColour).rgb() & 0xffffff));
        QVERIFY(colours.count(pal.worker(childColour).rgb() & 0xffffff));
        if (const QByteArray dir = qgetenv("OVERSUB_SCREENSHOT_DIR"); !dir.isEmpty()) {
            window.resize(1920, 1080);
            QTest::qWait(300);
            window.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/attach.png"));
        }

        const int watchesBefore = fake.calls().count(QStringLiteral("watch --rate"));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!part<AttachController>(window)->isAttached(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            statusMessage(window).startsWith(QStringLiteral("Detached from pid %1").arg(parent.pid())), 5000);
        QVERIFY(!view->showsProcessLegend());
        QCOMPARE(view->threadCountOn(0) + view->threadCountOn(1), 0);
        QTRY_VERIFY_WITH_TIMEOUT(fake.calls().count(QStringLiteral("watch --rate")) > watchesBefore, 5000);
        QCOMPARE(parent.process.state(), QProcess::Running); // the program keeps running
    }

    void unknownPidIsRefusedByNumber() {
        const EngineOverride engine(OVERSUB_CLI_PATH); // the engine, not the window, checks the pid
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        const int deadPid = 4194304 + 7; // above any pid_max
        part<AttachController>(window)->attachToPid(deadPid);
        QTRY_VERIFY_WITH_TIMEOUT(!part<AttachController>(window)->isAttached(), 5000);
        const QString message = part<ErrorBanner>(window)->message();
        QVERIFY2(
            message.contains(QStringLiteral("'%1' is not allowed (allowed: the id of a running process)").arg(deadPid)),
            qPrintable(message));
    }

    void aTreeThatExitsIsReported() {
        testing::FakeEngine fake;
        Sleeper sleeper;
        waitUntilNamed(sleeper.pid(), "sleep");
        QFile attach(fake.path("attach.jsonl"));
        QVERIFY(attach.open(QIODevice::WriteOnly));
        for (const auto& e : treeSamples(sleeper.pid(), sleeper.pid()))
            attach.write((events::toJsonLine(e) + "\n").c_str());
        attach.close();
        QFile exits(fake.path("attach_exits"));
        QVERIFY(exits.open(QIODevice::WriteOnly));
        exits.close();
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QVERIFY(part<AttachController>(window)->attachToPid(sleeper.pid()));
        QTRY_VERIFY_WITH_TIMEOUT(!part<AttachController>(window)->isAttached(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(statusMessage(window).contains(QStringLiteral("have exited")), 5000);
        QVERIFY(statusMessage(window).contains(QString::number(sleeper.pid())));
        QVERIFY(part<AttachController>(window)->attachAction()->isEnabled());
    }
};

QTEST_MAIN(TestAttachWindow)
#include "test_attach_window.moc"
