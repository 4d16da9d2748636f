// EngineProcess against the scripted fake engine: typed events out of the
// stream, a crash or a hang ends in finished() with a message (never a
// hang), a missing engine is named, documents come back whole.

#include "engine/engine_process.h"
#include "engine/exit_message.h"
#include "engine/machine_feed.h"
#include "fake_engine.h"
#include "util/input_error.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;

Q_DECLARE_METATYPE(oversub::ui::EngineEnd)

class TestEngineProcess : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<EngineEnd>(); }

    void runStreamBecomesTypedEvents() {
        testing::FakeEngine fake;
        EngineProcess engine;
        QSignalSpy runs(&engine.events(), &EventDecoder::runDone);
        QSignalSpy tasks(&engine.events(), &EventDecoder::taskDone);
        QSignalSpy workers(&engine.events(), &EventDecoder::workerReady);
        QSignalSpy done(&engine, &EngineProcess::finished);
        QVERIFY(engine.start({"run", "--events", "-"}, EngineProcess::Output::Events));
        QVERIFY(done.wait(5000));
        QCOMPARE(runs.count(), 1);
        QCOMPARE(tasks.count(), 4);
        QCOMPARE(workers.count(), 2);
        QVERIFY(done.first().first().value<EngineEnd>().ok);
        QVERIFY(fake.calls().startsWith("run --events -"));
    }

    void garbledLineIsReportedAndSkipped() {
        testing::FakeEngine fake;
        const auto run = testing::FakeEngine::twoWorkerRun();
        std::string text = events::toJsonLine(run[0]) + "\n{not json\n";
        for (size_t i = 1; i < run.size(); ++i) text += events::toJsonLine(run[i]) + "\n";
        fake.setRawRunStream(text);
        EngineProcess engine;
        QSignalSpy malformed(&engine.events(), &EventDecoder::malformed);
        QSignalSpy runs(&engine.events(), &EventDecoder::runDone);
        QSignalSpy done(&engine, &EngineProcess::finished);
        engine.start({"run"}, EngineProcess::Output::Events);
        QVERIFY(done.wait(5000));
        QCOMPARE(malformed.count(), 1);
        QVERIFY(malformed.first().first().toString().contains("line 2"));
        QCOMPARE(runs.count(), 1);
    }

    void crashedEngineEndsWithAMessage() {
        testing::FakeEngine fake;
        fake.setMode("crash");
        EngineProcess engine;
        QSignalSpy done(&engine, &EngineProcess::finished);
        engine.start({"run"}, EngineProcess::Output::Events);
        QVERIFY(done.wait(5000));
        const auto end = done.first().first().value<EngineEnd>();
        QVERIFY(!end.ok);
        QVERIFY(!end.cancelled);
        QVERIFY2(end.message.contains("crashed"), qPrintable(end.message));
        QVERIFY2(end.message.contains("about to crash"), qPrintable(end.message)); // stderr's last line
    }

    void exitStatusIsExplained() {
        testing::FakeEngine fake;
        fake.setMode("exit 3");
        EngineProcess engine;
        QSignalSpy done(&engine, &EngineProcess::finished);
        engine.start({"run"}, EngineProcess::Output::Events);
        QVERIFY(done.wait(5000));
        const auto end = done.first().first().value<EngineEnd>();
        QVERIFY(!end.ok);
        QVERIFY2(end.message.contains("a worker crashed"), qPrintable(end.message));
    }

    // The engine's stderr ends with the run's summary and findings; the
    // message quotes its own error line, not the last finding.
    void theEnginesErrorLineIsQuotedNotItsLastFinding() {
        const QString stderrText =
            QStringLiteral("oversub-cli: note: the window's cpuset is narrower than the machine\n"
                           "oversub-cli: run 0: worker 0 (pid 12896) killed by SIGSEGV during task 0\n"
                           "status   failed, wall 0.0367 s\n"
                           "findings\n"
                           "  warning  cpu-contention: the worker threads spent 75% of their time waiting\n");
        const EngineEnd end = describeEngineEnd(3, QProcess::NormalExit, false, stderrText);
        QVERIFY(!end.ok);
        QVERIFY2(end.message.endsWith(QStringLiteral(": run 0: worker 0 (pid 12896) killed by SIGSEGV during task 0")),
                 qPrintable(end.message));
        // Without an error line of the engine's, the last line is all there is to say.
        QVERIFY(describeEngineEnd(3, QProcess::NormalExit, false, QStringLiteral("Traceback\nMemoryError\n"))
                    .message.endsWith(QStringLiteral(": MemoryError")));
    }

    void stopEndsAHangingEngineWithinASecondOrTwo() {
        testing::FakeEngine fake;
        fake.setMode("hang");
        EngineProcess engine;
        QSignalSpy runs(&engine.events(), &EventDecoder::runDone);
        QSignalSpy done(&engine, &EngineProcess::finished);
        engine.start({"run"}, EngineProcess::Output::Events);
        QTRY_COMPARE_WITH_TIMEOUT(runs.count(), 1, 5000); // stream read, process still alive
        QVERIFY(engine.isRunning());
        engine.stop(1000);
        QVERIFY(done.wait(3000));
        QVERIFY(!engine.isRunning());
        QVERIFY(done.first().first().value<EngineEnd>().cancelled);
    }

    void missingEngineIsNamed() {
        qputenv("OVERSUB_ENGINE", "/nonexistent/oversub-cli");
        EngineProcess engine;
        QSignalSpy done(&engine, &EngineProcess::finished);
        engine.start({"topology", "--json"}, EngineProcess::Output::Document);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);
        const auto end = done.first().first().value<EngineEnd>();
        QVERIFY(!end.ok);
        QVERIFY2(end.message.contains("/nonexistent/oversub-cli"), qPrintable(end.message));
        qunsetenv("OVERSUB_ENGINE");
    }

    void topologyAndPlacementDocuments() {
        testing::FakeEngine fake;
        const TopologyInfo machine = topology::uniformTopologyInfo(2, 1, 4, 2); // "pack:2 core:4 pu:2"
        fake.setTopology(machine);
        fake.setPlacement(place({2, 1, AffinityPolicy::Scatter, {}}, machine), machine);
        MachineFeed feed;
        QSignalSpy topologies(&feed, &MachineFeed::topologyReady);
        QSignalSpy placements(&feed, &MachineFeed::placementReady);
        feed.loadTopology("pack:2 core:4 pu:2");
        feed.requestPlacement(2, 1, "scatter", "", "pack:2 core:4 pu:2");
        QTRY_COMPARE_WITH_TIMEOUT(topologies.count(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(placements.count(), 1, 5000);
        QCOMPARE(topologies.first().first().value<TopologyInfo>().puCount(), 16);
        const auto preview = placements.first().first().value<PlacementPreview>();
        QCOMPARE(preview.pusPerWorker.size(), size_t{2});
        QCOMPARE(preview.pusPerWorker[0], std::vector<int>{0});
        QCOMPARE(preview.pusPerWorker[1], std::vector<int>{8}); // scatter: the second package
        QVERIFY(fake.calls().contains("topology --json --synthetic pack:2 core:4 pu:2"));
    }

    void placementJsonWithoutWorkersIsRefused() {
        QVERIFY_THROWS_EXCEPTION(oversub::InputError, placementFromJson(R"({"oversubscription":1})"));
        QCOMPARE(placementFromJson(R"({"workers":[{"pus":[3,4]}]})").pusPerWorker[0], (std::vector<int>{3, 4}));
        // Nested past the limit every reader keeps: refused by that rule, naming what it read.
        const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
        try {
            placementFromJson(deep);
            QFAIL("a document nested 100000 deep was accepted");
        } catch (const oversub::InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("nested deeper")), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineProcess)
#include "test_engine_process.moc"
