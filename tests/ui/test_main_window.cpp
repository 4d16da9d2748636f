// The window against the scripted fake engine: it opens on the machine the
// engine reports, a run adds a row, a crashed worker and a crashed engine are
// shown, invalid knobs disable Run with the reason, a bad experiment file is
// refused by field, the exports have the asked size and content, and each
// run's phases are marked on the load chart; a finding's proposed change is
// applied and run with one click.

#include "charts/chart_panel.h"
#include "charts/load_chart.h"
#include "charts/phase_marks.h"
#include "coreview/core_view.h"
#include "error_banner.h"
#include "export/csv_reader.h"
#include "fake_engine.h"
#include "main_window.h"
#include "models/run_store.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "replay/compare_window.h"
#include "replay/replay_player.h"
#include "replay/replay_window.h"
#include "window_parts.h"

#include <QAction>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
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

int distinctColours(const QImage& image) {
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void aFindingsFixIsAppliedToItsRunAndRunWithOneClick() {
        testing::FakeEngine fake;
        auto stream = testing::FakeEngine::twoWorkerRun();
        const nlohmann::json fix = {
            {"fix_knobs",
             {{{"knob", "affinity"}, {"value", "scatter"}, {"current", "single"}, {"flag", "--affinity scatter"}}}}};
        for (auto& e : stream)
            if (auto* done = std::get_if<events::RunDone>(&e)) {
                done->findings.push_back({"good-scaling", "info", "2 workers kept 2 PUs busy", {}});
                done->findings.push_back({"affinity-narrowed", "problem", "both workers on PU 0", fix});
            }
        fake.setRunEvents(stream);
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        part<KnobPanel>(window)->field("affinity")->setText(QStringLiteral("single"));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        // The finding that proposes a change is selected and offered.
        QPushButton* apply = part<ResultsView>(window)->applyFixButton();
        QVERIFY(apply->isEnabled());
        QCOMPARE(apply->text(), QStringLiteral("Apply and run: affinity = scatter"));
        QVERIFY(part<KnobPanel>(window)->experiment().affinity != AffinityPolicy::Scatter);
        fake.setRunEvents(testing::FakeEngine::twoWorkerRun());
        QTest::mouseClick(apply, Qt::LeftButton);
        QVERIFY(finished.wait(5000));
        QVERIFY(part<KnobPanel>(window)->experiment().affinity == AffinityPolicy::Scatter);
        QCOMPARE(part<ResultsView>(window)->runTable()->model()->rowCount(), 2);
        // The new run proposes nothing: nothing is offered.
        QVERIFY(!apply->isEnabled());
    }

    void everyRunIsRecordedAndReplaysFromItsRow() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        const StoredRun& run = part<RunStore>(window)->runs().at(0);
        QVERIFY2(QFileInfo::exists(run.recordingPath), qPrintable(run.recordingPath));
        QCOMPARE(run.recordedRun, 0);
        const auto runsStarted = [&fake] { return fake.calls().count(QStringLiteral("run --")); };
        const qsizetype before = runsStarted();
        QVERIFY(window.openReplay(run.recordingPath, run.recordedRun));
        ReplayWindow* replay = nullptr;
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* r = qobject_cast<ReplayWindow*>(w)) replay = r;
        QVERIFY(replay);
        QVERIFY(replay->player()->isPlaying());
        replay->player()->seek(replay->player()->duration());
        QCOMPARE(replay->results()->runTable()->model()->rowCount(), 1);
        QCOMPARE(runsStarted(), before); // replaying ran nothing
        replay->close(); // deletes itself
        QFile::remove(run.recordingPath);
    }

    void twoRecordedRowsAreComparedSideBySide() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        for (int run = 0; run < 2; ++run) {
            QVERIFY(window.startRun());
            QVERIFY(finished.wait(5000));
        }
        const auto& runs = part<RunStore>(window)->runs();
        QCOMPARE(runs.size(), size_t{2});
        const auto runsStarted = [&fake] { return fake.calls().count(QStringLiteral("run --")); };
        const qsizetype before = runsStarted();
        // What the run table's "Compare with" > "#2" asks for on row 1.
        QVERIFY(
            window.openCompare(runs[0].recordingPath, runs[0].recordedRun, runs[1].recordingPath, runs[1].recordedRun));
        CompareWindow* compare = nullptr;
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* c = qobject_cast<CompareWindow*>(w)) compare = c;
        QVERIFY(compare);
        QVERIFY(compare->isPlaying());
        QCOMPARE(compare->comparedRun(0).record.done.wallSeconds, runs[0].record.done.wallSeconds);
        QCOMPARE(compare->comparedRun(1).record.done.wallSeconds, runs[1].record.done.wallSeconds);
        QCOMPARE(runsStarted(), before); // comparing ran nothing
        compare->close(); // deletes itself
        for (const auto& run : runs) QFile::remove(run.recordingPath);
    }

    void affinityNarrowedFindingShowsTheRedBanner() {
        testing::FakeEngine fake;
        auto stream = testing::FakeEngine::twoWorkerRun();
        const std::string text = "The 2 workers can reach 1 of the machine's 2 PUs (inherited cpuset 0). "
                                 "Fix: taskset -p 0x3 PID, or --affinity scatter.";
        for (auto& e : stream)
            if (auto* done = std::get_if<events::RunDone>(&e))
                done->findings.push_back({"affinity-narrowed", "problem", text, {{"reachable_pus", 1}}});
        fake.setRunEvents(stream);
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        const QString banner = part<ErrorBanner>(window)->message();
        QVERIFY2(banner.contains(QString::fromStdString(text)), qPrintable(banner));
        QVERIFY(banner.startsWith("Affinity narrowed:"));
        // A run without the finding leaves no banner.
        fake.setRunEvents(testing::FakeEngine::twoWorkerRun());
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        QVERIFY2(part<ErrorBanner>(window)->message().isEmpty(), qPrintable(part<ErrorBanner>(window)->message()));
    }

    void opensOnTheEnginesMachine() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QCOMPARE(static_cast<int>(part<CoreView>(window)->currentLayout().cells.size()), 2);
        QVERIFY(part<RunController>(window)->runAction()->isEnabled());
        QVERIFY(!part<RunController>(window)->cancelAction()->isEnabled());
        // The idle live view asks the engine to watch.
        QTRY_VERIFY_WITH_TIMEOUT(fake.calls().contains("watch --rate"), 5000);
    }

    void idleViewMovesWithWatchSamples() {
        testing::FakeEngine fake;
        auto s = testing::FakeEngine::sample(-1, 0.1, {0.25, 0.75});
        s.snapshot.threads.push_back({42, 42, -1, 1, 'R', 0.7, 0, 0.7, 0});
        fake.setWatchEvents({events::Hello{events::kSchemaVersion, "fake"}, s});
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(!part<LiveView>(window)->history().empty(), 5000);
        QCOMPARE(part<CoreView>(window)->threadCountOn(1), 1);
    }

    void shortRunAddsARowAndSelectsIt() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        part<RunController>(window)->runAction()->trigger();
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(part<ResultsView>(window)->runTable()->model()->rowCount(), 1);
        QCOMPARE(part<ResultsView>(window)->selectedRun(), 0);
        QCOMPARE(part<RunStore>(window)->runs()[0].tasks.size(), size_t{4});
        QVERIFY(fake.calls().contains("run --experiment"));
        QVERIFY(part<ErrorBanner>(window)->message().isEmpty());
        // Each run's phases are marked on the load chart.
        const PhaseMarks& marks = part<LiveView>(window)->loadChart()->phaseMarks();
        QCOMPARE(marks.runCount(), size_t{1});
        // A second run adds a second row.
        part<RunController>(window)->runAction()->trigger();
        QVERIFY(finished.wait(5000));
        QCOMPARE(part<ResultsView>(window)->runTable()->model()->rowCount(), 2);
        QCOMPARE(marks.runCount(), size_t{2});
    }

    void workerCrashShowsWorkerAndSignal() {
        testing::FakeEngine fake;
        auto stream = testing::FakeEngine::twoWorkerRun();
        events::Error crash;
        crash.kind = events::ErrorKind::WorkerCrashed;
        crash.run = 0;
        crash.worker = 1;
        crash.pid = 1001;
        crash.signal = "SIGSEGV";
        crash.task = 3;
        crash.message = "worker 1 (pid 1001) killed by SIGSEGV during task 3";
        stream.insert(stream.end() - 3, crash);
        fake.setRunEvents(stream);
        fake.setMode("exit 3");
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.startRun();
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().first().toBool(), false);
        const QString banner = part<ErrorBanner>(window)->message();
        QVERIFY2(banner.contains("Worker 1") && banner.contains("SIGSEGV"), qPrintable(banner));
        QVERIFY(part<RunController>(window)->runAction()->isEnabled()); // still usable
    }

    void engineCrashIsShownNotHung() {
        testing::FakeEngine fake;
        fake.setMode("crash");
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.startRun();
        QVERIFY(finished.wait(5000));
        QVERIFY2(part<ErrorBanner>(window)->message().contains("crashed"),
                 qPrintable(part<ErrorBanner>(window)->message()));
        QVERIFY(!part<RunController>(window)->isRunning());
    }

    void cancelStopsAHangingRunAndTheWindowStaysUsable() {
        testing::FakeEngine fake;
        fake.setMode("hang");
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.startRun();
        QTRY_VERIFY_WITH_TIMEOUT(part<ResultsView>(window)->runTable()->model()->rowCount() == 1, 5000);
        QVERIFY(part<RunController>(window)->isRunning());
        QVERIFY(part<RunController>(window)->cancelAction()->isEnabled());
        QVERIFY(!part<RunController>(window)->runAction()->isEnabled());
        part<RunController>(window)->cancelAction()->trigger();
        QVERIFY(finished.wait(2500));
        QVERIFY(!part<RunController>(window)->isRunning());
        QVERIFY(part<RunController>(window)->runAction()->isEnabled());
        QVERIFY(statusMessage(window).contains("Cancelled"));
    }

    void invalidKnobDisablesRunAndNamesTheReason() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        auto* workers = qobject_cast<QLineEdit*>(part<KnobPanel>(window)->field("workers")->editor());
        QVERIFY(workers);
        workers->setText("0");
        QVERIFY(!part<RunController>(window)->runAction()->isEnabled());
        QVERIFY2(part<KnobPanel>(window)->problem().contains("workers"),
                 qPrintable(part<KnobPanel>(window)->problem()));
        QVERIFY(part<KnobPanel>(window)->field("workers")->problem().contains("1-4096"));
        QVERIFY(!window.startRun());
        workers->setText("abc");
        QVERIFY(!part<RunController>(window)->runAction()->isEnabled());
        workers->setText("3");
        QVERIFY(part<RunController>(window)->runAction()->isEnabled());
        QCOMPARE(part<KnobPanel>(window)->experiment().workers, 3);
    }

    void malformedExperimentFileKeepsTheCurrentOne() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        auto* workers = qobject_cast<QLineEdit*>(part<KnobPanel>(window)->field("workers")->editor());
        workers->setText("3");
        QFile bad(fake.path("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"schema":1,"workers":-5})");
        bad.close();
        QVERIFY(!window.openExperimentFile(bad.fileName()));
        QVERIFY2(part<ErrorBanner>(window)->message().contains("workers"),
                 qPrintable(part<ErrorBanner>(window)->message()));
        QCOMPARE(part<KnobPanel>(window)->experiment().workers, 3);
        // A good file is taken, and saving writes one that reads back.
        QVERIFY(window.saveExperimentTo(fake.path("good.json")));
        workers->setText("5");
        QVERIFY(window.openExperimentFile(fake.path("good.json")));
        QCOMPARE(part<KnobPanel>(window)->experiment().workers, 3);
    }

    void exportsHaveTheAskedSizeAndContent() {
        testing::FakeEngine fake;
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.startRun();
        QVERIFY(finished.wait(5000));
        window.startRun();
        QVERIFY(finished.wait(5000));

        for (ChartPanel* chart : window.findChildren<ChartPanel*>()) {
            const QString png = fake.path("chart.png");
            QVERIFY(part<ExportActions>(window)->exportChartPng(chart, png, QSize(900, 500)));
            const QImage image(png);
            QCOMPARE(image.size(), QSize(900, 500));
            QVERIFY2(distinctColours(image) > 8, qPrintable(chart->title()));
        }
        const QString windowPng = fake.path("window.png");
        QVERIFY(part<ExportActions>(window)->exportWindowPng(windowPng));
        const QImage shot(windowPng);
        QCOMPARE(shot.size(), window.size() * window.devicePixelRatio());
        QVERIFY(distinctColours(shot) > 20);

        const QString csvPath = fake.path("runs.csv");
        QVERIFY(part<ExportActions>(window)->exportRunTableCsv(csvPath));
        const auto rows = csv::parse(readAll(csvPath).toStdString());
        QCOMPARE(rows.size(), size_t{3}); // header + one row per run
        QCOMPARE(rows[0], resultsCsvHeader());
        QCOMPARE(rows[1][0], std::string("0"));
        QCOMPARE(rows[2][0], std::string("1"));

        const QString samplesPath = fake.path("samples.csv");
        QVERIFY(part<ExportActions>(window)->exportSamplesCsv(samplesPath));
        const auto samples = csv::parse(readAll(samplesPath).toStdString());
        QVERIFY(samples.size() >= 3);
        QCOMPARE(samples[0][0], std::string("t_s"));

        const QString jsonPath = fake.path("results.json");
        QVERIFY(part<ExportActions>(window)->exportResultsJson(jsonPath));
        const Results back = readResultsJson(jsonPath.toStdString());
        QCOMPARE(back.runs.size(), size_t{2});
        QCOMPARE(back.runs[1].done.wallSeconds, 0.5);
    }

    void syntheticWhatIfShowsPlacementAndDoesNotRun() {
        testing::FakeEngine fake;
        const TopologyInfo machine = topology::uniformTopologyInfo(8, 1, 32, 2);
        fake.setTopology(machine);
        fake.setPlacement(place({2, 1, AffinityPolicy::Scatter, {}}, machine), machine);
        StartupOptions options = quietOptions();
        options.synthetic = "pack:8 core:32 pu:2";
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        QCOMPARE(static_cast<int>(part<CoreView>(window)->currentLayout().cells.size()), 512);
        QCOMPARE(part<CoreView>(window)->currentLayout().mode, CoreViewMode::HeatMap);
        QTRY_VERIFY_WITH_TIMEOUT(statusMessage(window).contains("What-if"), 5000);
        QVERIFY(!part<RunController>(window)->runAction()->isEnabled());
        QVERIFY(!window.startRun());
        QVERIFY(fake.calls().contains(
            "place --workers 2 --threads 1 --policy scatter --json --synthetic pack:8 core:32 pu:2"));
        QVERIFY(!fake.calls().contains("watch"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
