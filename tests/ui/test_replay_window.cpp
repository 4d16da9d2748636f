// Replay of a recorded stream through the window's views: the frame at t
// shows the samples of t (each worker's thread on the PU the stream says),
// seeking back rebuilds the earlier frame, the slider marks the stream's
// phases where they were, a file cut mid-line replays what it has and says
// so, another schema or a missing file is refused by name, nothing starts an
// engine, only the newest recordings are kept, and --replay's options (and `oversub FILE`) are checked like the others.

#include "coreview/core_view.h"
#include "engine/recordings.h"
#include "fake_engine.h"
#include "live_view.h"
#include "models/run_store.h"
#include "replay/replay_export.h"
#include "replay/replay_player.h"
#include "replay/replay_scrubber.h"
#include "replay/replay_window.h"
#include "results_view.h"
#include "startup_options.h"
#include "topology/topology_info.h"

#include <QDir>
#include <QImage>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;

namespace {

events::Sample threadsOn(double t, int cpuOfWorker1) {
    events::Sample s = testing::FakeEngine::sample(0, t, {1.0, cpuOfWorker1 == 1 ? 1.0 : 0.0});
    s.snapshot.threads.push_back({1000, 1000, 0, 0, 'R', 0.5, 0, 0.5, 0.5});
    s.snapshot.threads.push_back({1001, 1001, 1, cpuOfWorker1, 'R', 0.5, 0, 0.5, 0.5});
    return s;
}

// One run of two workers: both on PU 0 at 0.1 s, worker 1 on PU 1 at 0.2 s.
std::vector<events::Event> recording() {
    auto base = testing::FakeEngine::twoWorkerRun();
    std::vector<events::Event> out;
    for (auto& e : base) {
        if (std::holds_alternative<events::Sample>(e)) {
            out.push_back(threadsOn(0.1, 0));
            out.push_back(threadsOn(0.2, 1));
            continue;
        }
        if (auto* done = std::get_if<events::RunDone>(&e)) done->phases.prepareSeconds = 0.05;
        out.push_back(e);
    }
    return out;
}

QString writeRecording(const QTemporaryDir& dir, const std::vector<events::Event>& events, int cutBytes = 0) {
    std::string text;
    for (const auto& e : events) text += events::toJsonLine(e) + "\n";
    text = text.substr(0, text.size() - std::min(text.size(), static_cast<size_t>(cutBytes)));
    const QString path = dir.filePath(QStringLiteral("recording.jsonl"));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(text.data(), static_cast<qint64>(text.size()));
    return path;
}

} // namespace

class TestReplayWindow : public QObject {
    Q_OBJECT
private slots:
    void theFrameAtTShowsTheSamplesOfTForwardsAndBack() {
        testing::FakeEngine fake; // would record any engine started
        QTemporaryDir dir;
        ReplayWindow window;
        QString error;
        QVERIFY2(window.open(writeRecording(dir, recording()), &error), qPrintable(error));
        CoreView* cores = window.liveView()->coreView();
        window.player()->seek(0.15);
        QCOMPARE(cores->threadCountOn(0), 2);
        QCOMPARE(cores->threadCountOn(1), 0);
        QCOMPARE(window.results()->runTable()->model()->rowCount(), 0); // the run has not ended yet
        window.player()->seek(0.25);
        QCOMPARE(cores->threadCountOn(0), 1);
        QCOMPARE(cores->threadCountOn(1), 1);
        window.player()->seek(0.15); // back: the earlier frame again
        QCOMPARE(cores->threadCountOn(0), 2);
        QCOMPARE(cores->threadCountOn(1), 0);
        window.player()->seek(window.player()->duration());
        QCOMPARE(window.results()->runTable()->model()->rowCount(), 1);
        QVERIFY(window.liveView()->showsRunMean()); // at the end, what a finished run shows
        QVERIFY(window.notes().isEmpty());
        QVERIFY2(fake.calls().isEmpty(), qPrintable(fake.calls()));
    }

    void theMachineIsDrawnAsRecordedWithItsOwnNumbering() {
        // SMT siblings numbered 0,2 and 1,3, as many Intel machines do: a
        // machine drawn from the counts alone would pair 0,1 and 2,3.
        auto info = topology::uniformTopologyInfo(1, 1, 2, 2);
        std::swap(info.pus[1].osIndex, info.pus[2].osIndex);
        auto events = recording();
        for (auto& e : events)
            if (auto* sweep = std::get_if<events::SweepStarted>(&e))
                sweep->machine = {{"hostname", "lab"}, {"topology", topology::toJson(info)}};
        QTemporaryDir dir;
        ReplayWindow window;
        QVERIFY(window.open(writeRecording(dir, events), nullptr));
        window.player()->seek(window.player()->duration());
        QVERIFY(window.liveView()->hasMachine());
        QCOMPARE(window.liveView()->machine().puCount(), 4);
        QCOMPARE(window.liveView()->machine().smtSiblingsOf(0), (std::vector<int>{0, 2}));
        QCOMPARE(window.liveView()->machine().smtSiblingsOf(1), (std::vector<int>{1, 3}));
    }

    void stepsMoveOneSampleAndPlayingReachesTheEnd() {
        QTemporaryDir dir;
        ReplayWindow window;
        QVERIFY(window.open(writeRecording(dir, recording()), nullptr));
        window.player()->stepForward();
        QCOMPARE(window.player()->position(), 0.1);
        window.player()->stepForward();
        QCOMPARE(window.player()->position(), 0.2);
        window.player()->stepBack();
        QCOMPARE(window.player()->position(), 0.1);
        QCOMPARE(window.liveView()->coreView()->threadCountOn(0), 2);
        QSignalSpy finished(window.player(), &ReplayPlayer::finished);
        window.player()->setSpeed(10);
        window.player()->play();
        QVERIFY(finished.wait(5000));
        QCOMPARE(window.player()->position(), window.player()->duration());
        QVERIFY(!window.player()->isPlaying());
    }

    void theSliderMarksTheStreamsPhasesWhereTheyWere() {
        QTemporaryDir dir;
        ReplayWindow window;
        QVERIFY(window.open(writeRecording(dir, recording()), nullptr));
        const auto& marks = window.scrubber()->marks();
        QCOMPARE(marks.size(), size_t{4});
        // run_done: prepare 0.05, spawn 0.002, teardown 0.003 of a 0.5 s run starting at 0.
        QCOMPARE(marks[0].name, std::string("prepare"));
        QCOMPARE(marks[0].endSeconds, 0.05);
        QCOMPARE(marks[1].name, std::string("spawn"));
        QVERIFY(std::abs(marks[1].endSeconds - 0.052) < 1e-9);
        QCOMPARE(marks[3].name, std::string("teardown"));
        QVERIFY(std::abs(marks[3].beginSeconds - 0.497) < 1e-9);
        QCOMPARE(marks[3].endSeconds, 0.5);
    }

    void aFileCutMidLineReplaysWhatItHasAndSaysSo() {
        QTemporaryDir dir;
        ReplayWindow window;
        QString error;
        QVERIFY2(window.open(writeRecording(dir, recording(), 10), &error), qPrintable(error)); // sweep_done cut
        QVERIFY2(window.notes().contains(QStringLiteral("ends mid-line")), qPrintable(window.notes()));
        window.player()->seek(window.player()->duration());
        QCOMPARE(window.results()->runTable()->model()->rowCount(), 1);
    }

    void anotherSchemaOrAMissingFileIsRefusedByName() {
        QTemporaryDir dir;
        ReplayWindow window;
        QString error;
        QVERIFY(!window.open(dir.filePath(QStringLiteral("none.jsonl")), &error));
        QVERIFY2(error.contains(QStringLiteral("none.jsonl")), qPrintable(error));
        const QString path = dir.filePath(QStringLiteral("v2.jsonl"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"event":"hello","schema":2,"producer":"oversub-cli 0.2.0"})"
                "\n");
        f.close();
        QVERIFY(!window.open(path, &error));
        QVERIFY2(error.contains(QStringLiteral("schema 2")), qPrintable(error));
    }

    void framesAreSavedAtTheChosenRateEachTheWindowAtItsMoment() {
        QTemporaryDir dir;
        ReplayWindow window;
        QVERIFY(window.open(writeRecording(dir, recording()), nullptr));
        window.resize(800, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString frames = dir.filePath(QStringLiteral("frames"));
        QVERIFY(QDir().mkpath(frames));
        // 0.5 s at 4 frames a second: 0, 0.25 and 0.5 s.
        QCOMPARE(exportFrames(window, frames, 4), 3);
        QCOMPARE(QDir(frames).entryList(QDir::Files, QDir::Name),
                 (QStringList{"frame-0001.png", "frame-0002.png", "frame-0003.png"}));
        const QImage first(QDir(frames).filePath(QStringLiteral("frame-0001.png")));
        QCOMPARE(first.size(), window.size() * window.devicePixelRatio());
        QCOMPARE(window.player()->position(), window.player()->duration());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, exportFrames(window, frames, 0));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, exportFrames(window, dir.filePath(QStringLiteral("none")), 4));
    }

    void onlyTheNewestRecordingsAreKept() {
        QTemporaryDir dir;
        const QString recordings = recordingsDirectory(dir.path());
        QVERIFY(!recordings.isEmpty());
        for (const char* stamp : {"20261201-100000-000", "20261202-100000-000", "20261203-100000-000",
                                  "20261204-100000-000", "20261205-100000-000"}) {
            QFile f(QDir(recordings).filePath(QStringLiteral("run-%1.jsonl").arg(QLatin1String(stamp))));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(100, 'x'));
        }
        QFile other(QDir(recordings).filePath(QStringLiteral("notes.txt")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();
        pruneRecordings(recordings, 3);
        QCOMPARE(QDir(recordings).entryList(QDir::Files, QDir::Name),
                 (QStringList{"notes.txt", "run-20261203-100000-000.jsonl", "run-20261204-100000-000.jsonl",
                              "run-20261205-100000-000.jsonl"}));
        pruneRecordings(recordings, 3, 250); // and no more than 250 bytes: the newest two
        QCOMPARE(QDir(recordings).entryList(QDir::Files, QDir::Name),
                 (QStringList{"notes.txt", "run-20261204-100000-000.jsonl", "run-20261205-100000-000.jsonl"}));
        QVERIFY(newRecordingPath(recordings).startsWith(recordings + QStringLiteral("/run-")));
    }

    void replayOptionsAreCheckedLikeTheOthers() {
        auto parse = [](QStringList args) {
            args.prepend(QStringLiteral("oversub"));
            return parseStartupOptions(args);
        };
        const auto ok = parse({"--replay", "r.jsonl", "--at", "1.5", "--speed", "0.5"});
        QVERIFY2(ok.error.isEmpty(), qPrintable(ok.error));
        QCOMPARE(ok.options.replayPath, QStringLiteral("r.jsonl"));
        QCOMPARE(ok.options.replayAt, 1.5);
        QCOMPARE(ok.options.replaySpeed, 0.5);
        QVERIFY(parse({"--replay", "r.jsonl", "--run"}).error.startsWith(QStringLiteral("--run: not with --replay")));
        QVERIFY(parse({"--replay", "r.jsonl", "--at", "-1"}).error.startsWith(QStringLiteral("--at: '-1'")));
        QVERIFY(parse({"--replay", "r.jsonl", "--speed", "20"}).error.contains(QStringLiteral("0.1 to 10")));
        QVERIFY(parse({"--at", "2"}).error.startsWith(QStringLiteral("--at: only with --replay")));
        // `oversub FILE`, as the desktop entry starts it: a recording is replayed, an experiment opened.
        QCOMPARE(parse({"r.jsonl"}).options.replayPath, QStringLiteral("r.jsonl"));
        QCOMPARE(parse({"exp.json", "--run"}).options.experimentPath, QStringLiteral("exp.json"));
        QVERIFY(parse({"notes.txt"}).error.startsWith(QStringLiteral("FILE: 'notes.txt' is not allowed")));
        QVERIFY(parse({"a.json", "b.json"}).error.startsWith(QStringLiteral("FILE: one file at a time")));
        QVERIFY(parse({"r.jsonl", "--run"}).error.startsWith(QStringLiteral("--run: not with --replay")));
        QVERIFY(parse({"--replay", "r.jsonl", "--chart", "heatmap"})
                    .error.contains(QStringLiteral("load | timeline | wall")));
    }
};

QTEST_MAIN(TestReplayWindow)
#include "test_replay_window.moc"
