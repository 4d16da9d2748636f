// What `oversub --version` says about the engine (engine/engine_version.h):
// the real engine's "name: value" lines under the path it was found at; an
// engine that fails or cannot start is named with the reason, never a hang.

#include "engine/engine_version.h"

#include <QtTest>

using namespace oversub::ui;

class TestEngineVersion : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { qunsetenv("OVERSUB_ENGINE"); }

    void realEngineLinesFollowItsPath() {
        qputenv("OVERSUB_ENGINE", OVERSUB_CLI_PATH);
        const QStringList lines = engineVersionText().split('\n');
        QVERIFY2(lines.size() >= 6, qPrintable(lines.join('\n')));
        QCOMPARE(lines[0], QStringLiteral("engine: %1").arg(OVERSUB_CLI_PATH));
        QCOMPARE(lines[1], QStringLiteral("oversub-cli: %1").arg(OVERSUB_VERSION));
        QVERIFY(!lines.filter(QRegularExpression("^openblas: OpenBLAS ")).isEmpty());
        QVERIFY(!lines.filter(QRegularExpression("^hwloc: [0-9]")).isEmpty());
    }

    void failingEngineIsNamedWithItsStatus() {
        qputenv("OVERSUB_ENGINE", "/bin/false");
        QCOMPARE(engineVersionText(), QStringLiteral("engine: /bin/false did not answer --version (exit status 1)"));
    }

    void missingEngineIsNamed() {
        qputenv("OVERSUB_ENGINE", "/nonexistent/oversub-cli");
        const QString text = engineVersionText();
        QVERIFY2(text.startsWith("engine: /nonexistent/oversub-cli did not answer --version ("), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestEngineVersion)
#include "test_engine_version.moc"
