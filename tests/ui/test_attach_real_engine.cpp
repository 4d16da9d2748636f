// Attach with the real oversub-cli: a shell that starts two `sleep`s and
// later a third one is followed as one tree. Every process of it (the shell
// and each sleep, including the one started after attaching) is drawn in the core view with
// its own colour; Detach stops the watch and leaves the tree running. A tree
// started under `taskset -c 0` with two busy children is named, with its
// fix, in the banner and the findings list when it exits.

#include "coreview/core_view.h"
#include "error_banner.h"
#include "main_window.h"
#include "sampler/process_tree.h"
#include "window_parts.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QListView>
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <set>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

class TestAttachRealEngine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qputenv("OVERSUB_ENGINE", OVERSUB_CLI_PATH); }
    void cleanupTestCase() { qunsetenv("OVERSUB_ENGINE"); }

    void followsEveryProcessOfAShellTree() {
        QProcess tree;
        tree.start(QStringLiteral("sh"),
                   {QStringLiteral("-c"), QStringLiteral("sleep 30 & sleep 30 & sleep 1; sleep 30 & wait")});
        QVERIFY(tree.waitForStarted(5000));
        const int shell = static_cast<int>(tree.processId());

        StartupOptions options;
        options.ignoreSettings = true;
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 10000);
        // The first two sleeps exist before attaching; the last one starts
        // a second later, below the attached shell, and must be found too.
        std::vector<int> early;
        QTRY_VERIFY_WITH_TIMEOUT((early = sampler::descendantsOf(shell)).size() >= 3, 5000);
        QVERIFY(part<AttachController>(window)->attachToPid(shell));
        std::vector<int> expected;
        auto allSeen = [&] {
            expected = sampler::descendantsOf(shell);
            expected.push_back(shell);
            const bool hasLate = std::any_of(expected.begin(), expected.end(), [&](int pid) {
                return pid != shell && std::find(early.begin(), early.end(), pid) == early.end();
            });
            const auto seen = part<CoreView>(window)->processesInOrder();
            return hasLate && std::all_of(expected.begin(), expected.end(), [&](int pid) {
                       return std::find(seen.begin(), seen.end(), pid) != seen.end();
                   });
        };
        QTRY_VERIFY2_WITH_TIMEOUT(
            allSeen(), qPrintable(statusMessage(window) + " " + part<ErrorBanner>(window)->message()), 15000);
        QCOMPARE(expected.size(), size_t{4}); // the shell and three sleeps of 30 s
        std::set<int> colours;
        for (int pid : expected) colours.insert(part<CoreView>(window)->processColourIndex(pid));
        QCOMPARE(colours.size(), expected.size());
        QTRY_VERIFY_WITH_TIMEOUT(statusMessage(window).contains(QStringLiteral("4 processes")), 5000);
        QVERIFY2(statusMessage(window).contains(QStringLiteral("(sh)")), qPrintable(statusMessage(window)));

        part<AttachController>(window)->detach();
        QTRY_VERIFY_WITH_TIMEOUT(!part<AttachController>(window)->isAttached(), 5000);
        QVERIFY(statusMessage(window).startsWith(QStringLiteral("Detached")));
        QCOMPARE(tree.state(), QProcess::Running);
        for (int pid : sampler::descendantsOf(shell)) ::kill(pid, SIGKILL);
        tree.kill();
        tree.waitForFinished(5000);
    }

    void treeNarrowedToOnePuIsNamedWithItsFix() {
        // Two busy loops for 2 s that may share only PU 0 of (at least) two.
        QProcess tree;
        tree.start(QStringLiteral("taskset"),
                   {QStringLiteral("-c"), QStringLiteral("0"), QStringLiteral("sh"), QStringLiteral("-c"),
                    QStringLiteral("timeout 2 sh -c 'while :; do :; done' & "
                                   "timeout 2 sh -c 'while :; do :; done' & wait")});
        QVERIFY(tree.waitForStarted(5000));
        StartupOptions options;
        options.ignoreSettings = true;
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 10000);
        QVERIFY(part<AttachController>(window)->attachToPid(static_cast<int>(tree.processId())));
        QVERIFY(tree.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!part<AttachController>(window)->isAttached(), 10000);
        const QString banner = part<ErrorBanner>(window)->message();
        QVERIFY2(banner.startsWith(QStringLiteral("Affinity narrowed:")), qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("taskset -a -p 0x")), qPrintable(banner));
        auto* findings = window.findChild<QListView*>(QStringLiteral("findings"));
        QVERIFY(findings);
        QCOMPARE(findings->model()->rowCount(), 1);
        QVERIFY(findings->model()->index(0, 0).data().toString().contains(QStringLiteral("PU 0")));
    }
};

QTEST_MAIN(TestAttachRealEngine)
#include "test_attach_real_engine.moc"
