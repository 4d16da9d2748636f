// `run` and `sweep` send every event through one sink (app/cli/run_output.h,
// RunEventSink): the journal first, then the event stream, then the results
// table. A run_done must be in the journal and synced before the stream or
// the table shows it, so a run the window has shown survives a crash. The
// journal's sync hook sees what the stream and the table held at that moment.

#include "run_output.h"

#include "export/journal.h"
#include "export/results.h"
#include "test_events_samples.h"
#include "util/output_file.h"

#include "temp_dir_test.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace oversub;
using namespace oversub::events;

namespace {

class JournalOrderTest : public test::TempDirTest {};

bool holdsLine(const std::string& text, const Event& event) {
    return text.find(toJsonLine(event) + '\n') != std::string::npos;
}

// What the stream, the journal and the table held when the journal synced.
struct AtSync {
    std::string stream, journal;
    size_t runsInTable = 0;
};

// Runs `send` with stdout a pipe whose reader has gone (SIGPIPE ignored, so
// a write fails with EPIPE); true when it threw the sink's OutputError.
// stdout is restored before anything is reported.
template <typename Send>
bool failsWithStdoutReaderGone(Send send) {
    std::cout.flush();
    std::fflush(stdout);
    int fds[2];
    if (::pipe(fds) != 0) return false;
    ::close(fds[0]);
    const int saved = ::dup(STDOUT_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[1]);
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    bool threw = false;
    try {
        send();
    } catch (const OutputError&) {
        threw = true;
    }
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    ::sigaction(SIGPIPE, &previous, nullptr);
    return threw;
}

} // namespace

TEST_F(JournalOrderTest, RunDoneIsInTheJournalAndSyncedBeforeTheStreamOrTheTableShowsIt) {
    cli::EventsOutput stream(path("events.jsonl"));
    ResultsCollector table;
    cli::RunEventSink sink(stream, table);
    std::vector<AtSync> syncs;
    sink.journal = std::make_unique<Journal>(path("journal.jsonl"), [&](int) {
        syncs.push_back({test::readWholeFile(path("events.jsonl")), test::readWholeFile(path("journal.jsonl")),
                         table.results().runs.size()});
        return 0;
    });

    const std::vector<Event> all = examples::everyKind();
    const Event hello = all[0], sweepStarted = all[1], runStarted = all[2], ready = all[3], done = all[6];
    sink.forward(hello);
    sink.forward(sweepStarted);
    sink.emit(runStarted);
    sink.emit(ready);
    EXPECT_TRUE(syncs.empty()) << "nothing before run_done needs a sync";
    sink.emit(done);

    ASSERT_EQ(syncs.size(), 1u);
    const AtSync& atDone = syncs.front();
    EXPECT_TRUE(holdsLine(atDone.journal, done)) << "synced before its line was written";
    EXPECT_FALSE(holdsLine(atDone.stream, done)) << "the stream showed the run before it was durable";
    EXPECT_EQ(atDone.runsInTable, 0u) << "the table showed the run before it was durable";
    EXPECT_TRUE(holdsLine(atDone.stream, runStarted)) << "the events before it are already out";
    // Once the sync returned, the run reaches the stream and the table.
    EXPECT_TRUE(holdsLine(test::readWholeFile(path("events.jsonl")), done));
    EXPECT_EQ(table.results().runs.size(), 1u);

    sink.forward(SweepDone{});
    ASSERT_EQ(syncs.size(), 2u);
    EXPECT_FALSE(holdsLine(syncs.back().stream, SweepDone{})) << "sweep_done shown before it was durable";
    EXPECT_TRUE(holdsLine(test::readWholeFile(path("events.jsonl")), SweepDone{}));
}

TEST_F(JournalOrderTest, EveryEventTheJournalKeepsIsWrittenThereBeforeTheStreamIsTried) {
    // The stream is stdout and its reader has gone, so every write to it
    // fails and the sink throws: what the journal holds then, the sink wrote
    // before it tried the stream.
    cli::EventsOutput stream("-");
    ResultsCollector table;
    cli::RunEventSink sink(stream, table);
    sink.journal = std::make_unique<Journal>(path("journal.jsonl"), [](int) { return 0; });
    for (const Event& event : examples::everyKind()) {
        if (std::holds_alternative<WatchDone>(event)) continue; // a watch's event, never a run's
        SCOPED_TRACE(eventName(event));
        const std::string before = test::readWholeFile(path("journal.jsonl"));
        EXPECT_TRUE(failsWithStdoutReaderGone([&] { sink.forward(event); })) << "the stream took the line";
        const std::string after = test::readWholeFile(path("journal.jsonl"));
        EXPECT_EQ(after, Journal::keeps(event) ? before + toJsonLine(event) + '\n' : before);
    }
}
