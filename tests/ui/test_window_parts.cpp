// The window's parts, each on its own without a MainWindow: the run
// controller (through the scripted engine), the results view, the presets
// controller and the export actions.

#include "charts/heat_map.h"
#include "error_banner.h"
#include "export/csv_reader.h"
#include "export_actions.h"
#include "fake_engine.h"
#include "live_view.h"
#include "models/run_store.h"
#include "models/sample_history.h"
#include "panel/knob_panel.h"
#include "preset_banner.h"
#include "presets_controller.h"
#include "results_view.h"
#include "run_controller.h"

#include <QAction>
#include <QFile>
#include <QImage>
#include <QListView>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;

namespace {

void feed(RunStore& store, std::vector<events::Event> stream, const std::string& label = {}, bool warmup = false) {
    for (auto& e : stream)
        if (auto* started = std::get_if<events::RunStarted>(&e)) {
            started->label = label;
            started->warmup = warmup;
        }
    store.beginInvocation();
    for (const auto& e : stream) store.add(e);
}

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestWindowParts : public QObject {
    Q_OBJECT
private slots:
    // --- RunController -------------------------------------------------
    void workerErrorsNameTheWorkerTheSignalAndTheTask() {
        events::Error crash;
        crash.kind = events::ErrorKind::WorkerCrashed;
        crash.worker = 1;
        crash.pid = 42;
        crash.signal = "SIGSEGV";
        crash.task = 3;
        QCOMPARE(describeWorkerError(crash), QStringLiteral("Worker 1 (pid 42) was killed by SIGSEGV during task 3."));
        events::Error exited;
        exited.kind = events::ErrorKind::WorkerExited;
        exited.exitStatus = 7;
        exited.message = "out of memory";
        QCOMPARE(describeWorkerError(exited), QStringLiteral("A worker exited with status 7. out of memory"));
        events::Error other;
        other.kind = events::ErrorKind::BadInput;
        other.message = "workers: 0 is not allowed";
        QCOMPARE(describeWorkerError(other), QStringLiteral("workers: 0 is not allowed"));
    }

    void aRunGoesThroughTheEngineAndEndsWithItsCount() {
        testing::FakeEngine engine;
        RunStore store;
        LiveView live;
        RunController runs(&store, &live);
        QSignalSpy stored(&runs, &RunController::runStored);
        QSignalSpy finished(&runs, &RunController::finished);
        QSignalSpy status(&runs, &RunController::statusChanged);
        QVERIFY(runs.startRun(defaults()));
        QVERIFY(runs.isRunning());
        QVERIFY(!runs.runAction()->isEnabled());
        QVERIFY(runs.cancelAction()->isEnabled());
        QVERIFY(!runs.progressBar()->isHidden());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.front().front().toBool(), true);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(store.runs().size(), size_t{1});
        QCOMPARE(status.back().front().toString(), QStringLiteral("Done: 1 run in the table"));
        QVERIFY(runs.progressBar()->isHidden());
        QVERIFY(runs.runAction()->isEnabled());
        QVERIFY(!runs.cancelAction()->isEnabled());
    }

    void aStartThatIsNotAllowedSaysWhyAndStartsNothing() {
        testing::FakeEngine engine;
        RunStore store;
        LiveView live;
        RunController runs(&store, &live);
        QSignalSpy about(&runs, &RunController::aboutToStart);
        runs.setStartable(QStringLiteral("fix first: workers"), QString());
        QVERIFY(!runs.startRun(defaults()));
        QVERIFY(!runs.runAction()->isEnabled());
        QCOMPARE(runs.runAction()->toolTip(), QStringLiteral("fix first: workers"));
        QVERIFY(runs.sweepAction()->isEnabled());
        QCOMPARE(about.size(), 0);
        QVERIFY(engine.calls().indexOf(QStringLiteral("run")) < 0);
    }

    void anEngineThatCrashesIsReportedAsAProblem() {
        testing::FakeEngine engine;
        engine.setMode("crash");
        RunStore store;
        LiveView live;
        RunController runs(&store, &live);
        QSignalSpy problem(&runs, &RunController::problem);
        QSignalSpy finished(&runs, &RunController::finished);
        QVERIFY(runs.startRun(defaults()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.front().front().toBool(), false);
        QVERIFY(!problem.isEmpty());
        QVERIFY2(problem.back().front().toString().startsWith(QStringLiteral("The engine stopped: ")),
                 qPrintable(problem.back().front().toString()));
    }

    // --- ResultsView ---------------------------------------------------
    void selectingARunShowsItsFindingsAndWorkersEverywhere() {
        RunStore store;
        ResultsView results(&store);
        feed(store, testing::FakeEngine::twoWorkerRun(2, 0.5), "w2 x t1");
        feed(store, testing::FakeEngine::twoWorkerRun(1, 0.9), "w1 x t1");
        results.selectRun(0);
        QCOMPARE(results.selectedRun(), 0);
        auto* workers = results.tables()->findChild<QTableView*>(QStringLiteral("workerTable"));
        auto* findings = results.tables()->findChild<QListView*>(QStringLiteral("findings"));
        QVERIFY(workers && findings);
        QCOMPARE(workers->model()->rowCount(), 2);
        QCOMPARE(findings->model()->rowCount(), 1);
        results.selectRun(1);
        QCOMPARE(workers->model()->rowCount(), 1);
        QCOMPARE(results.runTable()->selectionModel()->currentIndex().row(), 1);
        results.clear();
        QCOMPARE(results.selectedRun(), -1);
        QCOMPARE(workers->model()->rowCount(), 0);
    }

    void aSweepPointSelectsItsLatestMeasuredRunNotItsWarmUp() {
        RunStore store;
        ResultsView results(&store);
        feed(store, testing::FakeEngine::twoWorkerRun(2), "w2 x t1");
        feed(store, testing::FakeEngine::twoWorkerRun(2), "w1 x t1");
        feed(store, testing::FakeEngine::twoWorkerRun(2), "w2 x t1", true); // a later warm-up of the same point
        QVERIFY(results.selectRunOfPoint(QStringLiteral("w2 x t1")));
        QCOMPARE(results.selectedRun(), 0);
        QVERIFY(!results.selectRunOfPoint(QStringLiteral("w9 x t9")));
        QCOMPARE(results.selectedRun(), 0);
    }

    void liveWorkersAreListedUntilTheRunIsStored() {
        RunStore store;
        ResultsView results(&store);
        auto* workers = results.tables()->findChild<QTableView*>(QStringLiteral("workerTable"));
        results.startLiveWorkers();
        results.addLiveWorker(events::WorkerReady{0, 0, 501, {501}, "0", "0", 0.01});
        results.addLiveWorker(events::WorkerReady{0, 1, 502, {502}, "1", "1", 0.01});
        QCOMPARE(workers->model()->rowCount(), 2);
        results.startLiveWorkers();
        results.addLiveWorker(events::WorkerReady{1, 0, 601, {601}, "0", "0", 0.01});
        QCOMPARE(workers->model()->rowCount(), 1);
    }

    // --- PresetsController ---------------------------------------------
    void aLoadedPresetIsHeldUntilThePanelIsEdited() {
        KnobPanel panel;
        PresetBanner banner;
        PresetsController presets(&panel, &banner);
        QSignalSpy loaded(&presets, &PresetsController::loaded);
        QVERIFY(presets.load(QStringLiteral("inherited-affinity")));
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(presets.current(), QStringLiteral("inherited-affinity"));
        QVERIFY(presets.panelHoldsPreset());
        QVERIFY(banner.text().contains(QStringLiteral("Inherited affinity")));
        Experiment edited = panel.sweepExperiment();
        edited.tasks += 1;
        panel.setExperiment(edited);
        QVERIFY(!presets.panelHoldsPreset());
        presets.forget();
        QVERIFY(presets.current().isEmpty());
        QVERIFY(banner.isHidden());
    }

    void anUnknownPresetIsAProblemNamingIt() {
        KnobPanel panel;
        PresetBanner banner;
        PresetsController presets(&panel, &banner);
        QSignalSpy problem(&presets, &PresetsController::problem);
        QVERIFY(!presets.load(QStringLiteral("no-such-preset")));
        QCOMPARE(problem.size(), 1);
        QVERIFY2(problem.front().front().toString().contains(QStringLiteral("no-such-preset")),
                 qPrintable(problem.front().front().toString()));
        QVERIFY(presets.current().isEmpty());
    }

    void theEnginesVerdictsAndLessonAreShownAfterThePresetsSweep() {
        KnobPanel panel;
        PresetBanner banner;
        PresetsController presets(&panel, &banner);
        QVERIFY(presets.load(QStringLiteral("inherited-affinity")));
        events::SweepDone done;
        done.summary = {{"preset",
                         {{"verdicts", {{{"text", "Confirmed: scatter ran 1.9x faster."}}}},
                          {"lesson", "Set the affinity of each worker."}}}};
        presets.showSweepOutcome(done, false);
        QVERIFY2(banner.text().contains(QStringLiteral("Confirmed: scatter ran 1.9x faster.")),
                 qPrintable(banner.text()));
        QVERIFY(banner.text().contains(QStringLiteral("Set the affinity of each worker.")));
    }

    // --- ExportActions -------------------------------------------------
    void theRunTableExportsAsCsvThatParsesBack() {
        QTemporaryDir dir;
        RunStore store;
        feed(store, testing::FakeEngine::twoWorkerRun(2, 0.5));
        feed(store, testing::FakeEngine::twoWorkerRun(1, 0.9));
        QWidget window;
        QTabWidget tabs;
        HeatMapView heatMap;
        SampleHistory samples;
        ExportActions exports({&window, &tabs, &heatMap, &store, &samples, [] { return defaults(); }});
        QSignalSpy status(&exports, &ExportActions::statusChanged);
        const QString path = dir.filePath(QStringLiteral("runs.csv"));
        QVERIFY(exports.exportRunTableCsv(path));
        const csv::Table table = csv::parseTable(readAll(path).toStdString());
        QCOMPARE(table.rows.size(), size_t{2});
        QCOMPARE(table.at(1, "workers"), std::string("1"));
        QCOMPARE(status.back().front().toString(), QStringLiteral("Saved %1").arg(path));
    }

    void aFailedExportSaysWhatAndLeavesNoFile() {
        QTemporaryDir dir;
        RunStore store;
        QWidget window;
        QTabWidget tabs;
        HeatMapView heatMap;
        SampleHistory samples;
        ExportActions exports({&window, &tabs, &heatMap, &store, &samples, [] { return defaults(); }});
        QSignalSpy problem(&exports, &ExportActions::problem);
        const QString path = dir.filePath(QStringLiteral("missing/folder/results.json"));
        QVERIFY(!exports.exportResultsJson(path));
        QCOMPARE(problem.size(), 1);
        QVERIFY2(problem.front().front().toString().startsWith(QStringLiteral("Could not export the results: ")),
                 qPrintable(problem.front().front().toString()));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    }

    void theCurrentTabExportsTheHeatMapAtTheAskedSize() {
        QTemporaryDir dir;
        RunStore store;
        QWidget window;
        QTabWidget tabs;
        auto* heatMap = new HeatMapView;
        tabs.addTab(new QWidget, QStringLiteral("other"));
        tabs.addTab(heatMap, QStringLiteral("Heat map"));
        SampleHistory samples;
        ExportActions exports({&window, &tabs, heatMap, &store, &samples, [] { return defaults(); }});
        const QString path = dir.filePath(QStringLiteral("heat.png"));
        tabs.setCurrentIndex(0);
        QVERIFY(!exports.exportCurrentChartPng(path, QSize(640, 400))); // a tab that is no chart
        tabs.setCurrentIndex(1);
        QVERIFY(exports.exportCurrentChartPng(path, QSize(640, 400)));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(640, 400));
    }
};

QTEST_MAIN(TestWindowParts)
#include "test_window_parts.moc"
