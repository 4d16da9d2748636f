// A recording laid out for replay: each event at the moment it happened on
// one clock (a run's own times from its start, the runs of a sweep placed
// by their samples' CLOCK_MONOTONIC), never backwards in file order; what
// has happened by a moment is a prefix; a recording cut mid-line or mid-run
// replays what it has and says so; another schema is refused by name.

#include "export/replay_timeline.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace oversub;
using namespace oversub::events;

namespace {

Sample sampleAt(int run, double t, double monotonicSeconds) {
    Sample s;
    s.run = run;
    s.snapshot.tSeconds = t;
    s.snapshot.intervalSeconds = 0.1;
    s.snapshot.monotonicNs = static_cast<int64_t>(monotonicSeconds * 1e9);
    sampler::CpuShare share;
    share.cpu = 0;
    share.user = 1;
    s.snapshot.cpus.push_back(share);
    return s;
}

RunStarted started(int run, const std::string& label) {
    RunStarted r;
    r.run = run;
    r.label = label;
    r.experiment = nlohmann::json::object();
    return r;
}

RunDone done(int run, double wall) {
    RunDone d;
    d.run = run;
    d.wallSeconds = wall;
    d.phases.prepareSeconds = 0.01;
    d.phases.spawnSeconds = 0.01;
    d.phases.computeSeconds = wall - 0.03;
    d.phases.teardownSeconds = 0.01;
    return d;
}

// Two runs of a sweep: run 0 from monotonic 1000.0 s for 0.25 s, run 1
// from 1000.5 s (a 0.25 s gap the engine spent between them).
std::vector<Event> twoRuns() {
    WorkerReady ready;
    ready.run = 0;
    ready.worker = 0;
    ready.pid = 4242;
    ready.cpuset = "0";
    ready.tSeconds = 0.02;
    TaskDone task;
    task.run = 0;
    task.t0Seconds = 0.02;
    task.t1Seconds = 0.15;
    return {Hello{},
            started(0, "workers=1"),
            ready,
            sampleAt(0, 0.1, 1000.1),
            task,
            sampleAt(0, 0.2, 1000.2),
            done(0, 0.25),
            started(1, "workers=2"),
            sampleAt(1, 0.1, 1000.6),
            done(1, 0.2)};
}

std::string linesOf(const std::vector<Event>& events) {
    std::string text;
    for (const auto& e : events) text += toJsonLine(e) + "\n";
    return text;
}

} // namespace

TEST(ReplayTimeline, EachEventIsWhenItHappenedOnOneClock) {
    const ReplayTimeline t = layOutTimeline(twoRuns());
    ASSERT_EQ(t.events.size(), 10u);
    std::vector<double> seconds;
    for (const auto& e : t.events) seconds.push_back(e.seconds);
    const std::vector<double> expected = {0, 0, 0.02, 0.1, 0.15, 0.2, 0.25, 0.5, 0.6, 0.7};
    ASSERT_EQ(seconds.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(seconds[i], expected[i], 1e-6) << "event " << i;
    ASSERT_EQ(t.runs.size(), 2u);
    EXPECT_NEAR(t.runs[1].startSeconds, 0.5, 1e-6) << "the gap between the runs is kept";
    EXPECT_NEAR(t.runs[1].endSeconds, 0.7, 1e-6);
    EXPECT_EQ(t.runs[1].label, "workers=2");
    EXPECT_TRUE(t.runs[0].done);
    ASSERT_EQ(t.runs[0].phases.size(), 4u);
    EXPECT_EQ(t.runs[0].phases[2].name, "compute");
    EXPECT_NEAR(t.durationSeconds, 0.7, 1e-6);
    EXPECT_TRUE(t.notes.empty());
    // What has happened by a moment is a prefix of the recording.
    EXPECT_EQ(eventsUpTo(t, 0.1), 4u); // ... the first sample
    EXPECT_EQ(eventsUpTo(t, 0.3), 7u); // run 0's run_done included
    EXPECT_EQ(eventsUpTo(t, -1), 0u);
    EXPECT_EQ(eventsUpTo(t, 99), t.events.size());
}

TEST(ReplayTimeline, TimesNeverGoBackwardsInFileOrder) {
    auto events = twoRuns();
    // A task_done written after a later sample (its end is earlier).
    std::swap(events[4], events[5]);
    const ReplayTimeline t = layOutTimeline(events);
    for (size_t i = 1; i < t.events.size(); ++i) EXPECT_GE(t.events[i].seconds, t.events[i - 1].seconds) << i;
}

TEST(ReplayTimeline, ARecordingCutMidLineReplaysWhatItHasAndSaysSo) {
    std::string text = linesOf(twoRuns());
    text.resize(text.size() - 20); // run 1's run_done cut off mid-line
    std::istringstream in(text);
    const ReplayTimeline t = readReplayTimeline(in);
    EXPECT_EQ(t.events.size(), 9u);
    ASSERT_EQ(t.runs.size(), 2u);
    EXPECT_FALSE(t.runs[1].done);
    ASSERT_EQ(t.notes.size(), 2u);
    EXPECT_NE(t.notes[0].find("ends mid-line after line 9"), std::string::npos) << t.notes[0];
    EXPECT_NE(t.notes[1].find("during run 1"), std::string::npos) << t.notes[1];
}

TEST(ReplayTimeline, AWholeRecordingReadsBackWithNoNotes) {
    std::istringstream in(linesOf(twoRuns()));
    const ReplayTimeline t = readReplayTimeline(in);
    EXPECT_EQ(t.events.size(), 10u);
    EXPECT_TRUE(t.notes.empty());
}

TEST(ReplayTimeline, AnotherSchemaIsRefusedByNameAndNothingIsNotAStream) {
    std::istringstream other(R"({"event":"hello","schema":2,"producer":"oversub-cli 0.2.0"})"
                             "\n");
    EXPECT_THROW(readReplayTimeline(other), SchemaMismatchError);
    std::istringstream empty("");
    EXPECT_THROW(readReplayTimeline(empty), std::runtime_error);
}

TEST(ReplayTimeline, AJournalReplaysItsLastSessionsRunsAndSaysItHasNoSamples) {
    // What a journal keeps of two sessions: no samples, task_done or worker_ready.
    std::vector<Event> journal;
    for (int session = 0; session < 2; ++session)
        for (const Event& e : twoRuns())
            if (!std::holds_alternative<Sample>(e) && !std::holds_alternative<TaskDone>(e) &&
                !std::holds_alternative<WorkerReady>(e))
                journal.push_back(e);
    std::get<RunDone>(journal.back()).wallSeconds = 0.4; // the last session's run 1
    std::istringstream in(linesOf(journal));
    const ReplayTimeline t = readReplayTimeline(in);
    ASSERT_EQ(t.runs.size(), 2u) << "one session's runs";
    EXPECT_EQ(t.events.size(), 5u);
    EXPECT_NEAR(t.runs[1].startSeconds, 0.25, 1e-9) << "run 1 starts where run 0 ended";
    EXPECT_NEAR(t.durationSeconds, 0.25 + 0.4, 1e-9);
    ASSERT_EQ(t.notes.size(), 2u);
    EXPECT_NE(t.notes[0].find("holds 2 sessions"), std::string::npos) << t.notes[0];
    EXPECT_NE(t.notes[1].find("no samples"), std::string::npos) << t.notes[1];
}
