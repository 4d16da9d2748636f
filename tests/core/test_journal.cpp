// Facts about the journal: only the events that rebuild Results are kept,
// each as one whole line; N finished runs recover as N records equal to the
// live collector's; a torn last line, an interrupted run, an earlier session
// and garbage in the middle are each reported and do not spoil the rest; bad
// paths are errors naming the path.

#include "events/event_reader.h"
#include "export/journal.h"
#include "export/results.h"
#include "knobs/knob_table.h"
#include "test_events_samples.h"
#include "util/input_error.h"

#include "temp_dir_test.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace oversub;
using namespace oversub::events;

namespace {

class JournalTest : public test::TempDirTest {};

void appendRaw(const std::string& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::app);
    out << bytes;
}

RunStarted started(int run) {
    Experiment e = defaults();
    e.workers = 1 + run % 2;
    RunStarted s;
    s.run = run;
    s.point = run;
    s.label = "workers=" + std::to_string(e.workers);
    s.experiment = oversub::toJson(e);
    return s;
}

RunDone finished(int run) {
    RunDone d = std::get<RunDone>(examples::everyKind()[6]);
    d.run = run;
    d.wallSeconds = 0.25 + run;
    return d;
}

// A sweep of `runs` runs as the CLI's sink forwards it, samples and task_done
// included, optionally without the run_done of the last run and sweep_done.
std::vector<Event> sweepStream(int runs, bool lastRunFinishes = true) {
    Experiment base = defaults();
    base.sweep.axes = {{"workers", {"1", "2"}}};
    std::vector<Event> out{Hello{kSchemaVersion, "oversub-cli test"},
                           SweepStarted{oversub::toJson(base), Json{{"pus", 2}}, runs, 2}};
    for (int run = 0; run < runs; ++run) {
        out.push_back(started(run));
        for (const auto& e : examples::everyKind())
            if (std::holds_alternative<Sample>(e) || std::holds_alternative<TaskDone>(e) ||
                std::holds_alternative<WorkerReady>(e) || std::holds_alternative<Progress>(e))
                out.push_back(e);
        if (run == runs - 1 && !lastRunFinishes) return out;
        out.push_back(finished(run));
    }
    out.push_back(SweepDone{});
    return out;
}

void writeJournal(const std::string& p, const std::vector<Event>& stream) {
    Journal journal(p);
    for (const auto& e : stream) journal.append(e);
}

Results collected(const std::vector<Event>& stream) {
    ResultsCollector c;
    for (const auto& e : stream) c.add(e);
    return c.results();
}

} // namespace

TEST_F(JournalTest, KeepsOnlyTheEventsThatRebuildResultsOneWholeLineEach) {
    const auto stream = sweepStream(3);
    writeJournal(path("j"), stream);
    const std::string bytes = test::readWholeFile(path("j"));
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(bytes.back(), '\n');

    EventReader reader;
    reader.feed(bytes);
    std::vector<Event> back;
    while (auto e = reader.next()) back.push_back(*e);
    EXPECT_FALSE(reader.hasPartialLine());
    std::vector<Event> kept;
    for (const auto& e : stream)
        if (Journal::keeps(e)) kept.push_back(e);
    EXPECT_EQ(kept.size(), 2u + 3u * 2u + 1u); // hello, sweep_started, 3 x (run_started, run_done), sweep_done
    EXPECT_EQ(back, kept);
    for (const auto& e : examples::everyKind())
        EXPECT_EQ(Journal::keeps(e), !std::holds_alternative<Sample>(e) && !std::holds_alternative<TaskDone>(e) &&
                                         !std::holds_alternative<WorkerReady>(e) &&
                                         !std::holds_alternative<Progress>(e) &&
                                         !std::holds_alternative<WatchDone>(e) && // a watch's, never a run's
                                         !std::holds_alternative<NodeInfo>(e))
            << eventName(e);
}

TEST_F(JournalTest, NRunsWrittenRecoverAsNRecordsEqualToTheLiveResults) {
    for (int n : {1, 4}) {
        const auto stream = sweepStream(n);
        const std::string p = path("j" + std::to_string(n));
        writeJournal(p, stream);
        const JournalRecovery r = readJournal(p);
        EXPECT_EQ(r.runsCompleted, n);
        EXPECT_EQ(r.runsIncomplete, 0);
        EXPECT_EQ(r.runsPlanned, n);
        EXPECT_TRUE(r.finished);
        EXPECT_FALSE(r.tornLastLine);
        EXPECT_EQ(r.results, collected(stream));
        ASSERT_EQ(recoverJournal(p).runs.size(), static_cast<size_t>(n));
        EXPECT_EQ(recoverJournal(p).runs.back().done.wallSeconds, 0.25 + (n - 1));
    }
}

TEST_F(JournalTest, AnInterruptedRunIsReportedAndNotRecovered) {
    writeJournal(path("j"), sweepStream(3, false));
    const JournalRecovery r = readJournal(path("j"));
    EXPECT_EQ(r.runsCompleted, 2);
    EXPECT_EQ(r.runsIncomplete, 1);
    EXPECT_EQ(r.runsPlanned, 3);
    EXPECT_FALSE(r.finished);
    ASSERT_EQ(r.results.runs.size(), 2u);
    EXPECT_EQ(r.results.runs[1].run, 1);
}

TEST_F(JournalTest, ATornLastLineIsIgnored) {
    writeJournal(path("j"), sweepStream(2, false));
    // The crash hit while the last run_done was being written.
    const std::string whole = toJsonLine(finished(1));
    appendRaw(path("j"), whole.substr(0, whole.size() / 2));
    const JournalRecovery r = readJournal(path("j"));
    EXPECT_TRUE(r.tornLastLine);
    EXPECT_EQ(r.badLines, 0);
    EXPECT_EQ(r.runsCompleted, 1);
    EXPECT_EQ(r.runsIncomplete, 1);

    // A later invocation appending to the same journal starts on a fresh line:
    // the torn bytes stay one bad line and the new session is whole.
    writeJournal(path("j"), sweepStream(2));
    const JournalRecovery later = readJournal(path("j"));
    EXPECT_FALSE(later.tornLastLine);
    EXPECT_EQ(later.badLines, 1);
    EXPECT_EQ(later.earlierSessions, 1);
    EXPECT_EQ(later.runsCompleted, 2);
    EXPECT_TRUE(later.finished);
}

TEST_F(JournalTest, AGarbledLineInTheMiddleIsSkippedAndCounted) {
    const auto stream = sweepStream(3);
    {
        Journal journal(path("j"));
        for (size_t i = 0; i < stream.size(); ++i) {
            journal.append(stream[i]);
            if (i == 2) appendRaw(path("j"), "{not json\n");
        }
    }
    const JournalRecovery r = readJournal(path("j"));
    EXPECT_EQ(r.badLines, 1);
    EXPECT_EQ(r.runsCompleted, 3);
}

TEST_F(JournalTest, AReusedJournalRecoversItsLastInvocation) {
    writeJournal(path("j"), sweepStream(4));
    writeJournal(path("j"), sweepStream(2, false)); // appended, never truncated
    const JournalRecovery r = readJournal(path("j"));
    EXPECT_EQ(r.earlierSessions, 1);
    EXPECT_EQ(r.runsCompleted, 1);
    EXPECT_EQ(r.runsPlanned, 2);
    EXPECT_FALSE(r.finished);
}

TEST_F(JournalTest, BadPathsAreErrorsNamingThePath) {
    const std::string missing = path("no/such/dir/j");
    try {
        Journal journal(missing);
        FAIL() << "opened " << missing;
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
    for (const std::string& p : {missing, dir_.string()}) {
        try {
            readJournal(p);
            FAIL() << "read " << p;
        } catch (const InputError& e) {
            EXPECT_EQ(e.field(), "journal");
            EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
        }
    }
    appendRaw(path("garbage"), "this is not\na journal\n");
    try {
        readJournal(path("garbage"));
        FAIL() << "read a file without events";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path("garbage")), std::string::npos) << e.what();
    }
}

TEST_F(JournalTest, AJournalFromANewerSchemaIsRefusedNamingThePath) {
    appendRaw(path("j"), "{\"event\":\"hello\",\"schema\":999,\"producer\":\"oversub-cli 9\"}\n");
    try {
        readJournal(path("j"));
        FAIL() << "read a schema 999 journal";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path("j")), std::string::npos) << e.what();
    }
}
