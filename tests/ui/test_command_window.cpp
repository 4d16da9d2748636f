// Command runs in the window, against the scripted engine: a command typed
// in the panel reaches the engine byte for byte (spaces, quotes, braces)
// with --allow-command; the processes of the tree fill the worker table as
// worker_ready events arrive and get names in the core view; the run's
// Command tab shows how it ended, the tree's CPU time, the thread variables
// and the output tail in a read-only monospace view. Opening an experiment
// file with a command asks first, showing the exact command line: Allow
// keeps it, Don't allow clears it and says so in the banner.

#include "command_consent.h"
#include "coreview/core_view.h"
#include "error_banner.h"
#include "fake_engine.h"
#include "main_window.h"
#include "models/run_store.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "run_details_view.h"
#include "startup_options.h"
#include "window_parts.h"

#include <QApplication>
#include <QFontInfo>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

const char* const kCommand = R"(sh -c 'echo "threads: $OMP_NUM_THREADS"; sleep 0' {workers} "two words")";

StartupOptions quietOptions() {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = QSize(1280, 800);
    return o;
}

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A command run of a three-process tree as the engine streams it.
std::vector<events::Event> commandRun(bool withDone = true) {
    Experiment experiment = defaults();
    experiment.command = kCommand;
    experiment.workers = 2;
    experiment.threads = 2;
    std::vector<events::Event> out;
    out.push_back(events::Hello{events::kSchemaVersion, "fake-engine"});
    out.push_back(events::SweepStarted{toJson(experiment), nlohmann::json::object(), 1, 1});
    events::RunStarted started;
    started.run = 0;
    started.experiment = toJson(experiment);
    out.push_back(started);
    const int pids[] = {4100, 4101, 4102};
    for (int i = 0; i < 3; ++i) out.push_back(events::WorkerReady{0, i, pids[i], {pids[i]}, "0-1", "", 0.01 * i});
    auto s = testing::FakeEngine::sample(0, 0.1, {0.9, 0.8});
    for (int i = 0; i < 3; ++i) s.snapshot.threads.push_back({pids[i], pids[i], i, i % 2, 'R', 0.9, 0, 0.9, 0.1});
    s.newProcesses = {{4100, "sh"}, {4101, "python3"}, {4102, "python3"}}; // the engine names each process once
    out.push_back(s);
    if (!withDone) return out;
    out.push_back(events::TaskDone{0, 0, 0, 0.0, 0.5, 0.0, 0.5});
    events::RunDone done;
    done.run = 0;
    done.wallSeconds = 0.5;
    for (int i = 0; i < 3; ++i) {
        events::WorkerStats ws;
        ws.worker = i;
        ws.pid = pids[i];
        ws.cpuset = "0-1";
        ws.cpuSeconds = 0.4;
        done.workers.push_back(ws);
    }
    events::CommandResult command;
    command.argv = {"sh", "-c", "echo \"threads: $OMP_NUM_THREADS\"; sleep 0", "2", "two words"};
    command.exitStatus = 3;
    command.cpuSeconds = 1.25;
    command.threadEnv = {{"OMP_NUM_THREADS", "2"}, {"OPENBLAS_NUM_THREADS", "2"}};
    command.outputTail = "threads: 2\nlast line of the program\n";
    done.command = command;
    out.push_back(done);
    out.push_back(events::Progress{1, 1, 0.5, 0});
    out.push_back(events::SweepDone{events::RunStatus::Ok, 1, 0, 0.5, nlohmann::json()});
    return out;
}

} // namespace

class TestCommandWindow : public QObject {
    Q_OBJECT
private slots:
    void typedCommandReachesTheEngineExactly() {
        testing::FakeEngine fake;
        fake.keepArguments();
        fake.setRunEvents(commandRun());
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        KnobField* command = part<KnobPanel>(window)->field("command");
        QVERIFY2(command, "the panel has a command field");
        command->setText(QString::fromUtf8(kCommand));
        QVERIFY2(part<KnobPanel>(window)->isValid(), qPrintable(part<KnobPanel>(window)->problem()));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        const QStringList argv = readAll(fake.path("argv.txt")).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(argv.contains(QStringLiteral("--allow-command")), qPrintable(argv.join(' ')));
        const auto sent = nlohmann::json::parse(readAll(fake.path("last_experiment.json")).toStdString());
        QCOMPARE(QString::fromStdString(sent.at("command").get<std::string>()), QString::fromUtf8(kCommand));

        // A built-in run does not pass the flag.
        command->setText(QString());
        fake.setRunEvents(testing::FakeEngine::twoWorkerRun());
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        QVERIFY(!readAll(fake.path("argv.txt")).contains(QStringLiteral("--allow-command")));
    }

    void processesAppearAsTheyAreFoundAndTheRunShowsItsCommand() {
        testing::FakeEngine fake;
        auto live = commandRun(false);
        fake.setRunEvents(live);
        fake.setMode("hang");
        MainWindow window(quietOptions());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);
        part<KnobPanel>(window)->field("command")->setText(QString::fromUtf8(kCommand));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QTableView* workerTable = nullptr;
        for (auto* table : window.findChildren<QTableView*>())
            if (table != part<ResultsView>(window)->runTable() && table->model() && table->model()->columnCount() >= 9)
                workerTable = table;
        QVERIFY(workerTable);
        QTRY_COMPARE_WITH_TIMEOUT(workerTable->model()->rowCount(), 3, 5000);
        QCOMPARE(workerTable->model()->index(2, 1).data().toInt(), 4102);
        QTRY_COMPARE_WITH_TIMEOUT(part<CoreView>(window)->threadCountOn(0) + part<CoreView>(window)->threadCountOn(1),
                                  3, 5000);
        QVERIFY(part<CoreView>(window)->showsProcessLegend()); // a command's processes are named by the engine's sample
        part<RunController>(window)->cancel();
        QVERIFY(finished.wait(5000));

        fake.setMode("ok");
        fake.setRunEvents(commandRun());
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        QVERIFY(finished.last().first().toBool());
        RunDetailsView* details = part<RunDetailsView>(window);
        const QString summary = details->summaryText();
        QVERIFY2(summary.contains(QStringLiteral("exited with status 3")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("1.250 s")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("OMP_NUM_THREADS=2")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("OPENBLAS_NUM_THREADS=2")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("'two words'")), qPrintable(summary));
        QCOMPARE(details->outputText(), QStringLiteral("threads: 2\nlast line of the program\n"));
        QVERIFY(details->outputView()->isReadOnly());
        QVERIFY(QFontInfo(details->outputView()->font()).fixedPitch());
        QCOMPARE(workerTable->model()->rowCount(), 3); // the run's own table: every process
        if (const QByteArray dir = qgetenv("OVERSUB_SCREENSHOT_DIR"); !dir.isEmpty()) {
            for (auto* tabs : window.findChildren<QTabWidget*>())
                if (tabs->indexOf(details) >= 0) tabs->setCurrentWidget(details);
            window.resize(1920, 1080);
            QTest::qWait(300);
            window.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/command-run.png"));
        }

        // A built-in run says it ran no command.
        fake.setRunEvents(testing::FakeEngine::twoWorkerRun());
        part<KnobPanel>(window)->field("command")->setText(QString());
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(5000));
        QVERIFY(details->summaryText().contains(QStringLiteral("no command")));
        QVERIFY(details->outputText().isEmpty());
    }

    void openingAFileWithACommandAsksFirst() {
        testing::FakeEngine fake;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mine.json"));
        Experiment withCommand = defaults();
        withCommand.command = kCommand;
        saveExperimentFile(path.toStdString(), withCommand);
        const QString builtinPath = dir.filePath(QStringLiteral("builtin.json"));
        saveExperimentFile(builtinPath.toStdString(), defaults());

        MainWindow window(quietOptions());
        window.show();
        QStringList asked;
        bool answer = true;
        window.setCommandConsentAsker([&](QWidget*, const QString& command, const QString& file) {
            asked << command << file;
            return answer;
        });
        QVERIFY(window.openExperimentFile(builtinPath));
        QVERIFY(asked.isEmpty()); // nothing to ask
        QVERIFY(window.openExperimentFile(path));
        QCOMPARE(asked, (QStringList{QString::fromUtf8(kCommand), path}));
        QCOMPARE(part<KnobPanel>(window)->field("command")->text(), QString::fromUtf8(kCommand));
        QVERIFY(part<ErrorBanner>(window)->message().isEmpty());

        answer = false;
        asked.clear();
        QVERIFY(window.openExperimentFile(path));
        QCOMPARE(asked.size(), 2);
        QVERIFY(part<KnobPanel>(window)->field("command")->text().isEmpty());
        QVERIFY2(part<ErrorBanner>(window)->message().contains(QStringLiteral("not allowed")),
                 qPrintable(part<ErrorBanner>(window)->message()));
        QVERIFY(part<ErrorBanner>(window)->message().contains(QString::fromUtf8(kCommand)));
        QVERIFY(part<KnobPanel>(window)->experiment().command.empty());
    }

    void allowCommandOnTheCommandLineOpensTheFileWithoutAsking() {
        // `oversub --experiment mine.json --allow-command --run` is automation:
        // no dialog may wait for an answer nobody gives.
        const ParsedOptions parsed = parseStartupOptions(
            {QStringLiteral("oversub"), QStringLiteral("--allow-command"), QStringLiteral("--no-settings")});
        QVERIFY(parsed.error.isEmpty());
        QVERIFY(parsed.options.allowCommand);
        QVERIFY(!parseStartupOptions({QStringLiteral("oversub")}).options.allowCommand);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mine.json"));
        Experiment withCommand = defaults();
        withCommand.command = kCommand;
        saveExperimentFile(path.toStdString(), withCommand);
        StartupOptions options = quietOptions();
        options.experimentPath = path;
        options.allowCommand = true;
        bool dialogShown = false;
        QTimer closeAnyDialog; // a dialog would block the constructor: close it and fail
        connect(&closeAnyDialog, &QTimer::timeout, [&] {
            if (QWidget* modal = QApplication::activeModalWidget()) {
                dialogShown = true;
                modal->close();
            }
        });
        closeAnyDialog.start(200);
        MainWindow window(options);
        closeAnyDialog.stop();
        QVERIFY(!dialogShown);
        QCOMPARE(part<KnobPanel>(window)->field("command")->text(), QString::fromUtf8(kCommand));
        QVERIFY2(!part<ErrorBanner>(window)->message().contains(QStringLiteral("not allowed")),
                 qPrintable(part<ErrorBanner>(window)->message()));
    }

    void theConsentDialogShowsTheCommandAndCanBeAnswered() {
        const QString command = QString::fromUtf8(kCommand);
        const QString text = commandConsentText(command, QStringLiteral("/tmp/x.json"));
        QVERIFY(text.contains(command.toHtmlEscaped()));
        QVERIFY(text.contains(QStringLiteral("runs a program on your machine")));
        QVERIFY(text.contains(QStringLiteral("Run it only if you trust the file.")));
        for (const bool allow : {true, false}) {
            QString shown;
            QTimer answerer; // answers once the modal box is up
            answerer.setInterval(20);
            connect(&answerer, &QTimer::timeout, [&] {
                auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                if (!box) return;
                answerer.stop();
                shown = box->text();
                for (auto* button : box->findChildren<QPushButton*>())
                    if (button->text().remove(QLatin1Char('&')) ==
                        (allow ? QStringLiteral("Allow") : QStringLiteral("Don't allow")))
                        button->click();
            });
            answerer.start();
            QCOMPARE(askCommandConsentInDialog(nullptr, command, QStringLiteral("/tmp/x.json")), allow);
            QVERIFY(shown.contains(command.toHtmlEscaped()));
        }
    }
};

QTEST_MAIN(TestCommandWindow)
#include "test_command_window.moc"
