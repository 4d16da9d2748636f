// The window with its engine on another machine, over the system's ssh to
// an sshd the test starts on 127.0.0.1 (ssh_server.h): the machine drawn
// is the remote topology, a run streams its events into the window and is
// stored like a local one, cancel reaches the remote run (its engine and
// workers are gone), and a host without the engine or an unreachable one
// is said plainly. --remote and --remote-engine are checked like every option.
// The command line's side: oversub-cli run started through the same ssh line
// streams its events back and writes its results on the server. A connection
// the server drops is said in the banner and the live view comes back by itself.

#include "connect_dialog.h"
#include "engine/engine_target.h"
#include "engine/machine_feed.h"
#include "error_banner.h"
#include "events/event.h"
#include "experiment/experiment.h"
#include "export/results.h"
#include "live_view.h"
#include "main_window.h"
#include "models/run_store.h"
#include "run_controller.h"
#include "ssh_server.h"
#include "startup_options.h"
#include "window_parts.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <vector>

#include <csignal>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

int parentOf(int pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> after = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return after.size() > 1 ? after[1].toInt() : 0;
}

// The oversub-cli processes (engine and workers) below `ancestor`.
std::vector<int> enginesBelow(qint64 ancestor) {
    std::vector<int> found;
    const QString engine = QFileInfo(QStringLiteral(OVERSUB_CLI_PATH)).canonicalFilePath();
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const int pid = entry.toInt(&isPid);
        if (!isPid || QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).canonicalFilePath() != engine) continue;
        for (int up = parentOf(pid); up > 1; up = parentOf(up))
            if (up == ancestor) {
                found.push_back(pid);
                break;
            }
    }
    return found;
}

// Processes whose parent is `pid` (the sshd's per-connection processes).
std::vector<int> childrenOf(int pid) {
    std::vector<int> found;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const int child = entry.toInt(&isPid);
        if (isPid && parentOf(child) == pid) found.push_back(child);
    }
    return found;
}

MachineFeed* machineFeedOf(MainWindow& window) { return window.findChild<MachineFeed*>(); }

constexpr const char* kNoSshd = "sshd could not be started (openssh-server, installed by .ci/deps)";

// Points the window's engine at `enginePath` on the test's sshd; false when that sshd is not up.
bool useEngineOn(const SshServer& server, const QString& enginePath) {
    if (!server.isReady()) return false;
    qputenv("OVERSUB_SSH_OPTIONS", server.sshOptions().toLocal8Bit());
    RemoteEngine remote = parseRemote(QLatin1String(kSshTestHost));
    remote.enginePath = enginePath;
    setRemoteEngine(remote);
    return true;
}

StartupOptions optionsWith(const QTemporaryDir& dir, int tasks) {
    Experiment e = defaults();
    e.workload = Workload::Gemm;
    e.size = 200;
    e.tasks = tasks;
    e.workers = 2;
    const QString path = dir.filePath(QStringLiteral("experiment.json"));
    saveExperimentFile(path.toStdString(), e);
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = QSize(1280, 800);
    o.experimentPath = path;
    return o;
}

} // namespace

class TestRemoteEngine : public QObject {
    Q_OBJECT
private slots:
    void init() {
        qputenv("OVERSUB_ENGINE", "/nonexistent/oversub-cli"); // nothing may run here, only over ssh
    }
    void cleanup() {
        setRemoteEngine(std::nullopt);
        qunsetenv("OVERSUB_SSH_OPTIONS");
        qunsetenv("OVERSUB_ENGINE");
    }

    void aRunOnTheRemoteEngineIsStoredLikeALocalOne() {
        SshServer server;
        QVERIFY2(useEngineOn(server, QStringLiteral(OVERSUB_CLI_PATH)), kNoSshd);
        QTemporaryDir dir;
        MainWindow window(optionsWith(dir, 8));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 20000); // topology --json over ssh
        QVERIFY2(window.windowTitle().contains(QLatin1String(kSshTestHost)), qPrintable(window.windowTitle()));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), true);
        const auto& runs = part<RunStore>(window)->runs();
        QCOMPARE(runs.size(), size_t{1});
        QVERIFY(runs[0].record.done.status == events::RunStatus::Ok);
        QCOMPARE(runs[0].record.done.workers.size(), size_t{2});
        QCOMPARE(runs[0].record.experiment.tasks, int64_t{8});
        QTRY_VERIFY_WITH_TIMEOUT(enginesBelow(server.pid()).empty(), 10000);
    }

    void theCliRunsOverTheSameSshLineWithTheSameResults() {
        SshServer server;
        QVERIFY2(useEngineOn(server, QStringLiteral(OVERSUB_CLI_PATH)), kNoSshd);
        QTemporaryDir dir;
        const QString resultsPath = dir.filePath(QStringLiteral("remote results.json")); // a space, quoted remotely
        const EngineCommand ssh = engineCommand(
            QStringLiteral("/nonexistent/oversub-cli"),
            {QStringLiteral("run"), QStringLiteral("--workers"), QStringLiteral("2"), QStringLiteral("--size"),
             QStringLiteral("200"), QStringLiteral("--tasks"), QStringLiteral("6"), QStringLiteral("--quiet"),
             QStringLiteral("--events"), QStringLiteral("-"), QStringLiteral("--out"), resultsPath});
        QCOMPARE(ssh.program, QStringLiteral("ssh"));
        QProcess cli;
        cli.start(ssh.program, ssh.arguments);
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        // The stream that came back over ssh: one run, done, with its two workers.
        std::vector<events::RunDone> streamed;
        for (const QByteArray& line : cli.readAllStandardOutput().split('\n')) {
            if (line.isEmpty()) continue;
            const events::Event event = events::parseEventLine(line.toStdString());
            if (const auto* done = std::get_if<events::RunDone>(&event)) streamed.push_back(*done);
        }
        QCOMPARE(streamed.size(), size_t{1});
        QVERIFY(streamed[0].status == events::RunStatus::Ok);
        QCOMPARE(streamed[0].workers.size(), size_t{2});
        // The results file the server wrote holds that same run.
        const Results results = readResultsJson(resultsPath.toStdString());
        QCOMPARE(results.runs.size(), size_t{1});
        QCOMPARE(results.runs[0].done.wallSeconds, streamed[0].wallSeconds);
        QCOMPARE(results.runs[0].experiment.tasks, int64_t{6});
        QTRY_VERIFY_WITH_TIMEOUT(enginesBelow(server.pid()).empty(), 10000);
    }

    void cancelReachesTheRemoteRunAndItsWorkers() {
        SshServer server;
        QVERIFY2(useEngineOn(server, QStringLiteral(OVERSUB_CLI_PATH)), kNoSshd);
        QTemporaryDir dir;
        MainWindow window(optionsWith(dir, 1000000));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 20000);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QVERIFY(window.startRun());
        // The engine and its two workers run below the test's sshd.
        QTRY_VERIFY_WITH_TIMEOUT(enginesBelow(server.pid()).size() >= 3, 30000);
        part<RunController>(window)->cancel();
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY2_WITH_TIMEOUT(enginesBelow(server.pid()).empty(),
                                  "the remote engine or a worker outlived the cancel", 20000);
    }

    void aLostConnectionIsSaidAndTheLiveViewComesBackByItself() {
        SshServer server;
        QVERIFY2(useEngineOn(server, QStringLiteral(OVERSUB_CLI_PATH)), kNoSshd);
        QTemporaryDir dir;
        MainWindow window(optionsWith(dir, 8));
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(enginesBelow(server.pid()).size() == 1, 20000); // the idle view's watch
        QSignalSpy back(machineFeedOf(window), &MachineFeed::reconnected);
        // The server drops the connection: its per-connection sshd dies, ssh exits 255.
        for (int child : childrenOf(static_cast<int>(server.pid()))) ::kill(child, SIGKILL);
        QTRY_VERIFY2_WITH_TIMEOUT(
            part<ErrorBanner>(window)->message().contains(QLatin1String("trying again in 1 s (attempt 1)")),
            qPrintable(part<ErrorBanner>(window)->message()), 20000);
        QVERIFY(part<ErrorBanner>(window)->message().contains(QLatin1String("failed or was lost (ssh)")));
        // The sshd still listens: the next attempt gets a watch there again and samples flow.
        QVERIFY(back.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(part<ErrorBanner>(window)->message().isEmpty(), 5000);
        QCOMPARE(enginesBelow(server.pid()).size(), size_t{1});
    }

    void aHostWithoutTheEngineOrOutOfReachIsSaidPlainly() {
        SshServer server;
        QVERIFY2(useEngineOn(server, QStringLiteral("/nonexistent/oversub-cli")), kNoSshd);
        RemoteEngine remote = *remoteEngine();
        {
            MainWindow window(StartupOptions{.ignoreSettings = true});
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(part<ErrorBanner>(window)->message().contains(QLatin1String("has no engine at")),
                                     20000);
            QVERIFY2(part<ErrorBanner>(window)->message().contains(QLatin1String("--remote-engine")),
                     qPrintable(part<ErrorBanner>(window)->message()));
        }
        // Nothing listens on a port the kernel just gave out and took back: ssh cannot connect.
        remote.destination = QStringLiteral("127.0.0.1");
        remote.port = SshServer::freePort();
        remote.sshOptions = {QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=no")};
        setRemoteEngine(remote);
        MainWindow window(StartupOptions{.ignoreSettings = true});
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<ErrorBanner>(window)->message().contains(QLatin1String("failed or was lost")),
                                 30000);
    }

    void theWindowConnectsToAServerAndComesBack() {
        qputenv("OVERSUB_ENGINE", OVERSUB_CLI_PATH); // this machine's engine, at the start and on the way back
        SshServer server;
        QVERIFY2(server.isReady(), kNoSshd);
        qputenv("OVERSUB_SSH_OPTIONS", server.sshOptions().toLocal8Bit());
        MainWindow window(StartupOptions{.ignoreSettings = true});
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 20000);
        QCOMPARE(window.windowTitle(), QStringLiteral("Oversub"));
        QSignalSpy shown(&window, &MainWindow::topologyShown);
        // What Machine > Connect to a server... accepts.
        QString error;
        const auto remote =
            ConnectDialog::parseFields(QLatin1String(kSshTestHost), QStringLiteral(OVERSUB_CLI_PATH), &error);
        QVERIFY2(remote, qPrintable(error));
        QVERIFY(window.useMachine(remote));
        QVERIFY(shown.wait(20000)); // the server's topology
        QVERIFY2(window.windowTitle().contains(QLatin1String(kSshTestHost)), qPrintable(window.windowTitle()));
        // The idle machine's samples now come from an engine below the server's sshd.
        QTRY_VERIFY_WITH_TIMEOUT(!enginesBelow(server.pid()).empty(), 20000);
        QVERIFY(window.useMachine(std::nullopt));
        QVERIFY(shown.wait(20000));
        QCOMPARE(window.windowTitle(), QStringLiteral("Oversub"));
        QTRY_VERIFY_WITH_TIMEOUT(enginesBelow(server.pid()).empty(), 20000); // the server's watch has stopped
        QVERIFY(!ConnectDialog::parseFields(QStringLiteral("a b"), QString(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("Host: 'a b' is not allowed")), qPrintable(error));
    }

    void remoteOptionsAreCheckedLikeTheOthers() {
        auto parse = [](QStringList args) {
            args.prepend(QStringLiteral("oversub"));
            return parseStartupOptions(args);
        };
        const auto ok = parse({"--remote", "alice@lab1.example.org:2222", "--remote-engine", "~/bin/oversub-cli"});
        QVERIFY2(ok.error.isEmpty(), qPrintable(ok.error));
        QVERIFY(ok.options.remote.has_value());
        QCOMPARE(ok.options.remote->destination, QStringLiteral("alice@lab1.example.org"));
        QCOMPARE(ok.options.remote->port, 2222);
        QCOMPARE(ok.options.remote->enginePath, QStringLiteral("~/bin/oversub-cli"));
        QCOMPARE(parse({"--remote", "[::1]:22"}).options.remote->destination, QStringLiteral("::1"));
        QVERIFY(parse({"--remote", "lab1:99999"}).error.startsWith(QStringLiteral("--remote: '")));
        QVERIFY(parse({"--remote", "a b"}).error.contains(QStringLiteral("[user@]host[:port]")));
        QVERIFY(parse({"--remote-engine", "x"}).error.startsWith(QStringLiteral("--remote-engine: only with")));
        QVERIFY(
            parse({"--remote", "lab1", "--replay", "r.jsonl"}).error.startsWith(QStringLiteral("--remote: not with")));
        QVERIFY(parse({"--remote", "lab1", "--synthetic", "pack:1 pu:2"}).error.contains(QStringLiteral("synthetic")));
    }

    void theRemoteCommandLineIsQuotedForTheRemoteShell() {
        RemoteEngine remote = parseRemote(QStringLiteral("bob@lab2:2200"));
        remote.enginePath = QStringLiteral("~/my tools/oversub-cli");
        setRemoteEngine(remote);
        const EngineCommand command = engineCommand(QString(), {QStringLiteral("run"), QStringLiteral("--command"),
                                                                QStringLiteral("python3 -c 'print(1)'; rm -rf x")});
        QCOMPARE(command.program, QStringLiteral("ssh"));
        QVERIFY(command.arguments.contains(QStringLiteral("BatchMode=yes")));
        const int port = static_cast<int>(command.arguments.indexOf(QStringLiteral("-p")));
        QVERIFY(port >= 0);
        QCOMPARE(command.arguments[port + 1], QStringLiteral("2200"));
        QCOMPARE(command.arguments[command.arguments.size() - 2], QStringLiteral("bob@lab2"));
        // One line for the remote shell: the ~ expands, everything else stays one word each.
        QCOMPARE(command.arguments.last(), QStringLiteral("~/'my tools/oversub-cli' 'run' '--command' "
                                                          "'python3 -c '\\''print(1)'\\''; rm -rf x'"));
        setRemoteEngine(std::nullopt);
        const EngineCommand local = engineCommand(QStringLiteral("/usr/bin/oversub-cli"), {QStringLiteral("topology")});
        QCOMPARE(local.program, QStringLiteral("/usr/bin/oversub-cli"));
        QCOMPARE(local.arguments, QStringList{QStringLiteral("topology")});
    }
};

QTEST_MAIN(TestRemoteEngine)
#include "test_remote_engine.moc"
