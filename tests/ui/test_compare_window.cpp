// Two recordings side by side: the compare clock starts at each compared
// run's run_started (a sweep's second run and a single run line up), each
// side's core view shows its own threads at that moment, the shorter run
// stays at its end, the differences table holds each finding's evidence from
// both runs, the wall time chart both runs, nothing starts an engine, a run a
// recording lacks is refused by name, and --compare's options are checked.

#include "charts/phase_chart.h"
#include "coreview/core_view.h"
#include "fake_engine.h"
#include "live_view.h"
#include "replay/compare_window.h"
#include "replay/replay_player.h"
#include "replay/replay_view.h"
#include "startup_options.h"

#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;

namespace {

using testing::FakeEngine;

// Sets every sample of `events` to show worker 0 on PU 0 and worker 1 on `cpuOfWorker1`.
void placeThreads(std::vector<events::Event>& events, int cpuOfWorker1) {
    for (auto& e : events)
        if (auto* s = std::get_if<events::Sample>(&e)) s->snapshot.threads[1].cpu = cpuOfWorker1;
}

// A: a sweep of two runs, 0.5 s and 0.8 s; the second (run 1) has its
// workers on PUs 0 and 1. Run 0 can be made a warm-up.
std::vector<events::Event> sweepRecording(bool firstIsWarmup) {
    auto first = FakeEngine::twoWorkerRun(2, 0.5, 0);
    first.resize(first.size() - 2); // its progress and sweep_done come at the very end
    for (auto& e : first)
        if (auto* started = std::get_if<events::RunStarted>(&e)) started->warmup = firstIsWarmup;
    placeThreads(first, 0);
    auto second = FakeEngine::twoWorkerRun(2, 0.8, 1);
    placeThreads(second, 1);
    first.insert(first.end(), second.begin() + 2, second.end()); // from its run_started on
    return first;
}

// B: one 0.5 s run with both workers on PU 0, and a finding A's run lacks.
std::vector<events::Event> narrowedRecording() {
    auto run = FakeEngine::twoWorkerRun(2, 0.5, 0);
    placeThreads(run, 0);
    for (auto& e : run)
        if (auto* done = std::get_if<events::RunDone>(&e))
            done->findings.push_back(
                {"affinity-narrowed", "problem", "Both workers share PU 0.", {{"reachable_pus", 1}}});
    return run;
}

QString write(const QTemporaryDir& dir, const char* name, const std::vector<events::Event>& events) {
    std::string text;
    for (const auto& e : events) text += events::toJsonLine(e) + "\n";
    const QString path = dir.filePath(QLatin1String(name));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(text.data(), static_cast<qint64>(text.size()));
    return path;
}

int rowOf(const QTableWidget* table, const QString& section, const QString& name) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == section && table->item(row, 1)->text() == name) return row;
    return -1;
}

} // namespace

class TestCompareWindow : public QObject {
    Q_OBJECT
private slots:
    void compareOfTwoFixturesAlignsTheirStarts() {
        FakeEngine fake; // would record any engine started
        QTemporaryDir dir;
        CompareWindow window;
        QString error;
        QVERIFY2(window.open({write(dir, "sweep.jsonl", sweepRecording(false)), 1},
                             {write(dir, "narrowed.jsonl", narrowedRecording()), -1}, &error),
                 qPrintable(error));
        QCOMPARE(window.runStart(0), 0.5); // A's run 1 starts where its run 0 ended
        QCOMPARE(window.runStart(1), 0.0);
        QCOMPARE(window.duration(), 0.8); // the longer run

        window.seek(0.15); // both runs 0.15 s after their start: each shows its own sample of 0.1 s
        QCOMPARE(window.view(0)->player()->position(), 0.65);
        QCOMPARE(window.view(1)->player()->position(), 0.15);
        CoreView* a = window.view(0)->liveView()->coreView();
        CoreView* b = window.view(1)->liveView()->coreView();
        QCOMPARE(a->threadCountOn(0), 1);
        QCOMPARE(a->threadCountOn(1), 1);
        QCOMPARE(b->threadCountOn(0), 2);
        QCOMPARE(b->threadCountOn(1), 0);

        window.seek(0.7); // past B's end: B stays at its run's end
        QCOMPARE(window.view(1)->player()->position(), 0.5);
        QCOMPARE(window.view(0)->player()->position(), 1.2);
        window.seek(0.15); // and back
        QCOMPARE(window.view(0)->player()->position(), 0.65);
        QCOMPARE(b->threadCountOn(0), 2);
        QVERIFY2(fake.calls().isEmpty(), qPrintable(fake.calls()));
    }

    void theDifferencesHoldEachFindingsEvidenceFromBothRuns() {
        QTemporaryDir dir;
        CompareWindow window;
        QVERIFY(window.open({write(dir, "sweep.jsonl", sweepRecording(false)), 1},
                            {write(dir, "narrowed.jsonl", narrowedRecording()), 0}, nullptr));
        const QTableWidget* table = window.differencesTable();
        const int wall = rowOf(table, QStringLiteral("run"), QStringLiteral("wall_s"));
        QVERIFY(wall >= 0);
        QCOMPARE(table->item(wall, 2)->text(), QStringLiteral("0.8"));
        QCOMPARE(table->item(wall, 3)->text(), QStringLiteral("0.5"));
        QCOMPARE(table->item(wall, 4)->text(), QStringLiteral("-0.3"));
        QCOMPARE(table->item(wall, 5)->text(), QStringLiteral("0.625x"));
        const int narrowed = rowOf(table, QStringLiteral("affinity-narrowed"), QStringLiteral("severity"));
        QVERIFY(narrowed >= 0);
        QCOMPARE(table->item(narrowed, 2)->text(), QStringLiteral("(absent)"));
        QCOMPARE(table->item(narrowed, 3)->text(), QStringLiteral("problem"));
        const int reachable = rowOf(table, QStringLiteral("affinity-narrowed"), QStringLiteral("reachable_pus"));
        QVERIFY(reachable >= 0);
        QCOMPARE(table->item(reachable, 3)->text(), QStringLiteral("1"));
        QVERIFY(rowOf(table, QStringLiteral("good-scaling"), QStringLiteral("severity")) >= 0); // both have it
        QCOMPARE(window.phaseChart()->barCount(), 2); // wall time by phase of both runs
    }

    void theFirstMeasuredRunIsComparedUnlessOneIsNamed() {
        QTemporaryDir dir;
        CompareWindow window;
        const QString sweep = write(dir, "sweep.jsonl", sweepRecording(true));
        QVERIFY(window.open({sweep, -1}, {sweep, 0}, nullptr));
        QCOMPARE(window.comparedRun(0).record.run, 1); // run 0 was a warm-up
        QCOMPARE(window.comparedRun(1).record.run, 0); // named, warm-up or not
        QString error;
        QVERIFY(!window.open({sweep, 0}, {sweep, 7}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("B: ")) && error.contains(QStringLiteral("no run 7")),
                 qPrintable(error));
        QVERIFY(!window.open({dir.filePath(QStringLiteral("none.jsonl")), -1}, {sweep, -1}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("A: ")) && error.contains(QStringLiteral("none.jsonl")),
                 qPrintable(error));
    }

    void playingMovesBothRunsToTheEnd() {
        QTemporaryDir dir;
        CompareWindow window;
        QVERIFY(window.open({write(dir, "sweep.jsonl", sweepRecording(false)), 1},
                            {write(dir, "narrowed.jsonl", narrowedRecording()), 0}, nullptr));
        window.setSpeed(10);
        window.play();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isPlaying(), 5000);
        QCOMPARE(window.position(), window.duration());
        QCOMPARE(window.view(0)->player()->position(), 1.3);
        QCOMPARE(window.view(1)->player()->position(), 0.5);
    }

    void compareOptionsAreCheckedLikeTheOthers() {
        auto parse = [](QStringList args) {
            args.prepend(QStringLiteral("oversub"));
            return parseStartupOptions(args);
        };
        const auto ok = parse({"--compare", "a.jsonl", "b.jsonl", "--runs", "0,3", "--at", "1"});
        QVERIFY2(ok.error.isEmpty(), qPrintable(ok.error));
        QCOMPARE(ok.options.comparePaths, (QStringList{"a.jsonl", "b.jsonl"}));
        QVERIFY(ok.options.compareRuns == std::make_pair(0, 3));
        QCOMPARE(ok.options.replayAt, 1.0);
        QVERIFY(parse({"--compare", "a.jsonl"}).error.startsWith(QStringLiteral("--compare: give two")));
        QVERIFY(parse({"a.jsonl", "b.jsonl"}).error.contains(QStringLiteral("--compare A.jsonl B.jsonl")));
        QVERIFY(parse({"--runs", "0,1"}).error.startsWith(QStringLiteral("--runs: only with --compare")));
        QVERIFY(
            parse({"--compare", "a.jsonl", "b.jsonl", "--runs", "1"}).error.startsWith(QStringLiteral("--runs: '1'")));
        QVERIFY(parse({"--compare", "a.jsonl", "b.jsonl", "--chart", "load"})
                    .error.startsWith(QStringLiteral("--chart: 'load'")));
        QVERIFY(parse({"--compare", "a.jsonl", "b.jsonl", "--run"})
                    .error.startsWith(QStringLiteral("--run: not with --compare")));
    }
};

QTEST_MAIN(TestCompareWindow)
#include "test_compare_window.moc"
