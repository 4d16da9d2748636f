// Journals in the window: a sweep the real engine journals and is SIGKILLed
// in is restored by a new window with the journal's runs (count, point labels,
// wall times) in the run table and the heat map; a crashed window's journal
// (stale lock) is offered in the prompt, whose buttons restore or discard it;
// the window passes --journal to the engine, a live window's journal is not
// offered to another, and a cancelled sweep leaves no journal behind.

#include "charts/heat_map.h"
#include "engine/engine_process.h"
#include "engine/run_session.h"
#include "export/journal.h"
#include "journal_files.h"
#include "main_window.h"
#include "models/run_store.h"
#include "panel/knob_panel.h"
#include "recovery_controller.h"
#include "window_parts.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

StartupOptions optionsWith(RecoverMode mode) {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = QSize(1280, 800);
    o.recover = mode;
    return o;
}

int count(const QByteArray& text, const QByteArray& needle) { return static_cast<int>(text.count(needle)); }

// A journal as a crashed sweep over workers 1,2,4 (2 repetitions each)
// leaves it: 3 runs done, the 4th started and never finished.
void writeCrashedSweepJournal(const QString& path, const std::vector<double>& wallSeconds) {
    Experiment experiment = defaults();
    experiment.workload = Workload::Scalar;
    experiment.size = 64;
    experiment.tasks = 4;
    experiment.repeat = 2;
    experiment.sweep.axes = {{"workers", {"1", "2", "4"}}};
    Journal journal(path.toStdString());
    journal.append(events::Hello{events::kSchemaVersion, "oversub-cli test"});
    journal.append(events::SweepStarted{toJson(experiment), nlohmann::json{{"allowed_cpu_count", 8}}, 6, 3});
    for (int run = 0; run < 4; ++run) {
        Experiment point = experiment;
        point.sweep = {};
        point.workers = run < 2 ? 1 : 2;
        events::RunStarted started;
        started.run = run;
        started.point = run / 2;
        started.label = "workers=" + std::to_string(point.workers);
        started.repetition = run % 2;
        started.experiment = toJson(point);
        journal.append(started);
        if (run == 3) break; // the crash
        events::RunDone done;
        done.run = run;
        done.wallSeconds = wallSeconds[static_cast<size_t>(run)];
        journal.append(done);
    }
}

// A lock file whose holder is gone, as a crashed window leaves it: Qt's own
// lock file with the pid of a process that has exited.
void writeStaleLock(const QString& journalPath) {
    QProcess gone;
    gone.start(QStringLiteral("true"));
    QVERIFY(gone.waitForStarted(5000));
    const qint64 deadPid = gone.processId();
    QVERIFY(gone.waitForFinished(5000));
    QVERIFY(deadPid > 0);
    const QString lockPath = journalPath + QStringLiteral(".lock");
    {
        QLockFile lock(lockPath);
        QVERIFY(lock.tryLock(0));
        QFile file(lockPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray content = file.readAll();
        file.close();
        content = QByteArray::number(deadPid) + content.mid(content.indexOf('\n'));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
        file.close();
        // Keep the file: a crash never unlocks.
        QVERIFY(QFile::copy(lockPath, lockPath + ".kept"));
    }
    QFile::remove(lockPath);
    QVERIFY(QFile::rename(lockPath + ".kept", lockPath));
}

void compareWithJournal(const MainWindow& window, const JournalRecovery& expected, int firstIndex = 0) {
    const auto& runs = part<RunStore>(window)->runs();
    QCOMPARE(static_cast<int>(runs.size()) - firstIndex, expected.runsCompleted);
    for (int i = 0; i < expected.runsCompleted; ++i) {
        const RunRecord& want = expected.results.runs[static_cast<size_t>(i)];
        const RunRecord& got = runs[static_cast<size_t>(firstIndex + i)].record;
        QCOMPARE(got.label, want.label);
        QCOMPARE(got.done.wallSeconds, want.done.wallSeconds);
        QCOMPARE(got.experiment.workers, want.experiment.workers);
        QVERIFY(got == want);
    }
    QCOMPARE(part<ResultsView>(window)->runTable()->model()->rowCount(), expected.runsCompleted);
}

} // namespace

class TestJournalRecovery : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(data_.isValid() && scratch_.isValid());
        qputenv("XDG_DATA_HOME", data_.path().toUtf8()); // the journals' AppDataLocation
        qputenv("OVERSUB_ENGINE", OVERSUB_CLI_PATH);
        directory_ = journalDirectory();
        QVERIFY(directory_.startsWith(data_.path()));
    }
    void cleanup() {
        QDir dir(directory_);
        for (const QString& name : dir.entryList(QDir::Files)) dir.remove(name);
    }

    void aSweepKilledMidRunIsRestoredWithTheJournalsRuns() {
        // The engine as the window starts it, then SIGKILLed while its second run hangs.
        const QString path = QDir(directory_).filePath(QStringLiteral("journal-20260101-000000-000.jsonl"));
        QProcess engine;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CACHE_HOME"), scratch_.path());
        engine.setProcessEnvironment(env);
        engine.start(OVERSUB_CLI_PATH, {"sweep", "--workload", "scalar", "--size", "64", "--tasks", "2,4", "--workers",
                                        "1", "--delivery", "fork", "--fault", "hang,task=3", "--journal", path,
                                        "--events", scratch_.filePath("events.jsonl")});
        QVERIFY(engine.waitForStarted(10000));
        QByteArray journal;
        // The first point's warm-up and measured run, then the second point's run hangs.
        QTRY_VERIFY_WITH_TIMEOUT((journal = readAll(path), count(journal, "\"run_started\"") == 3), 60000);
        QCOMPARE(count(journal, "\"run_done\""), 2);
        engine.kill(); // SIGKILL: no sweep_done, the third run interrupted
        QVERIFY(engine.waitForFinished(10000));
        QCOMPARE(engine.exitStatus(), QProcess::CrashExit);

        const JournalRecovery expected = readJournal(path.toStdString());
        QCOMPARE(expected.runsCompleted, 2);
        QCOMPARE(expected.runsIncomplete, 1);
        QVERIFY(!expected.finished);

        MainWindow window(optionsWith(RecoverMode::Restore));
        compareWithJournal(window, expected);
        QCOMPARE(part<RunStore>(window)->runs()[1].record.label, std::string("tasks=2"));
        QVERIFY(part<RunStore>(window)->runs()[0].record.warmup);
        QVERIFY(part<RunStore>(window)->runs()[1].record.done.wallSeconds > 0);
        QVERIFY2(statusMessage(window).contains(QStringLiteral("Restored 2 runs of scalar 64")),
                 qPrintable(statusMessage(window)));
        QVERIFY(!QFile::exists(path)); // restored: the window keeps them now
        QCOMPARE(part<HeatMapView>(window)->data().cells.size(), size_t{1});
        QCOMPARE(part<HeatMapView>(window)->data().cells[0].label, std::string("tasks=2"));
        QVERIFY(part<HeatMapView>(window)->data().cells[0].measured);
    }

    void aCrashedWindowsJournalIsOfferedAndRestoreLoadsIt() {
        const QString path = QDir(directory_).filePath(QStringLiteral("journal-20260101-000001-000.jsonl"));
        writeCrashedSweepJournal(path, {0.5, 0.25, 0.125});
        writeStaleLock(path);
        const JournalRecovery expected = readJournal(path.toStdString());

        MainWindow window(optionsWith(RecoverMode::Ask));
        window.show();
        RecoveryController* recovery = part<RecoveryController>(window);
        QTRY_VERIFY_WITH_TIMEOUT(recovery->prompt() != nullptr, 5000);
        const QString text = recovery->prompt()->text();
        QVERIFY2(
            text.startsWith(QStringLiteral("Oversub stopped before a sweep finished. 3 runs of scalar 64, 4 tasks, "
                                           "sweep workers 1,2,4 (3 of 6 planned) were saved at ")),
            qPrintable(text));
        QCOMPARE(part<RunStore>(window)->runs().size(), size_t{0}); // nothing before the answer
        const QByteArray shots = qgetenv("OVERSUB_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            recovery->prompt()->grab().save(QDir(QString::fromUtf8(shots)).filePath("recovery-prompt.png"));
            window.grab().save(QDir(QString::fromUtf8(shots)).filePath("recovery-window.png"));
        }

        QSignalSpy handled(recovery, &RecoveryController::allHandled);
        recovery->restoreButton()->click();
        QVERIFY(handled.count() == 1 || handled.wait(5000));
        compareWithJournal(window, expected);
        QCOMPARE(part<RunStore>(window)->runs()[2].record.label, std::string("workers=2"));
        QCOMPARE(part<RunStore>(window)->runs()[2].record.done.wallSeconds, 0.125);
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(path + ".lock"));
        // The heat map from core's summary of the recovered runs: workers=1 is the base.
        const HeatMapData& heat = part<HeatMapView>(window)->data();
        QCOMPARE(heat.cells.size(), size_t{2});
        const HeatCell* two = heat.at(2, 1);
        QVERIFY(two && two->measured);
        QCOMPARE(two->speedup, 0.375 / 0.125); // median of 0.5, 0.25 over 0.125
        if (!shots.isEmpty()) window.grab().save(QDir(QString::fromUtf8(shots)).filePath("recovery-restored.png"));
    }

    void discardDeletesTheJournal() {
        const QString path = QDir(directory_).filePath(QStringLiteral("journal-20260101-000002-000.jsonl"));
        writeCrashedSweepJournal(path, {0.5, 0.25, 0.125});
        {
            MainWindow window(optionsWith(RecoverMode::Ask));
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(part<RecoveryController>(window)->prompt() != nullptr, 5000);
            part<RecoveryController>(window)->discardButton()->click();
            QTRY_VERIFY(!QFile::exists(path));
            QCOMPARE(part<RunStore>(window)->runs().size(), size_t{0});
        }
        writeCrashedSweepJournal(path, {0.5, 0.25, 0.125});
        MainWindow window(optionsWith(RecoverMode::Discard));
        QCOMPARE(part<RunStore>(window)->runs().size(), size_t{0});
        QVERIFY(!QFile::exists(path));
    }

    void leaveKeepsTheJournalAndAnEmptyOneIsDropped() {
        const QString kept = QDir(directory_).filePath(QStringLiteral("journal-20260101-000003-000.jsonl"));
        const QString empty = QDir(directory_).filePath(QStringLiteral("journal-20260101-000004-000.jsonl"));
        writeCrashedSweepJournal(kept, {0.5, 0.25, 0.125});
        QFile(empty).open(QIODevice::WriteOnly); // the engine died before its first event
        MainWindow window(optionsWith(RecoverMode::Leave));
        QCOMPARE(part<RunStore>(window)->runs().size(), size_t{0});
        QVERIFY(QFile::exists(kept));
        QVERIFY(!QFile::exists(empty));
    }

    void theWindowJournalsItsSweepAndOnlyACrashLeavesItBehind() {
        MainWindow window(optionsWith(RecoverMode::Leave));
        Experiment sweep = defaults();
        sweep.workload = Workload::Scalar;
        sweep.size = 64;
        sweep.workers = 1;
        sweep.delivery = Delivery::Fork;
        sweep.fault = "hang,task=3"; // the second point's task 3 hangs until cancelled
        sweep.sweep.axes = {{"tasks", {"2", "4"}}};
        part<KnobPanel>(window)->setExperiment(sweep);
        QVERIFY2(part<KnobPanel>(window)->isSweepValid(), qPrintable(part<KnobPanel>(window)->sweepProblem()));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startSweep());
        const QStringList arguments = part<RunSession>(window)->engine().arguments();
        const int at = static_cast<int>(arguments.indexOf(QStringLiteral("--journal")));
        QVERIFY2(at >= 0, qPrintable(arguments.join(' ')));
        const QString path = arguments.value(at + 1);
        QCOMPARE(path, part<RunSession>(window)->journalPath());
        QCOMPARE(QFileInfo(path).absolutePath(), QFileInfo(directory_).absoluteFilePath());
        QVERIFY(QFileInfo(path).fileName().startsWith(QStringLiteral("journal-")));

        // The first point's warm-up and measured run, then the second point hangs.
        QTRY_COMPARE_WITH_TIMEOUT(part<RunStore>(window)->runs().size(), size_t{2}, 60000);
        QCOMPARE(count(readAll(path), "\"run_done\""), 2); // journaled before it was shown
        {
            // Another window, while this one lives: not left behind, not offered.
            MainWindow other(optionsWith(RecoverMode::Restore));
            QCOMPARE(part<RunStore>(other)->runs().size(), size_t{0});
            QVERIFY(QFile::exists(path));
        }
        part<RunController>(window)->cancel();
        QVERIFY(finished.wait(20000));
        QVERIFY(!QFile::exists(path));
        QVERIFY(leftBehindJournals(directory_).isEmpty());
        QVERIFY(QDir(directory_).entryList(QDir::Files).isEmpty());
    }

private:
    static QByteArray readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QTemporaryDir data_;
    QTemporaryDir scratch_;
    QString directory_;
};

QTEST_MAIN(TestJournalRecovery)
#include "test_journal_recovery.moc"
