// The journal's durability promise, seen through its sync hook: every
// run_done and sweep_done is synced once, after its own line was written,
// and no other record costs a sync; a failed sync is an error naming the
// journal. The hook stands in for fsync, which leaves no trace a test can read.

#include "export/journal.h"
#include "test_events_samples.h"
#include "util/output_file.h"

#include "temp_dir_test.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace oversub;
using namespace oversub::events;

namespace {

class JournalSyncTest : public test::TempDirTest {};

// What the hook saw at each call: the descriptor and the file's text then.
struct SyncRecorder {
    std::string journalPath;
    std::vector<std::string> textAtSync;
    std::vector<int> fds;
    Journal::SyncFile hook() {
        return [this](int fd) {
            fds.push_back(fd);
            textAtSync.push_back(test::readWholeFile(journalPath));
            return 0;
        };
    }
};

bool endsWithLine(const std::string& text, const Event& event) {
    const std::string line = toJsonLine(event) + '\n';
    return text.size() >= line.size() && text.compare(text.size() - line.size(), line.size(), line) == 0;
}

} // namespace

TEST_F(JournalSyncTest, RunDoneAndSweepDoneAreSyncedOnceEachAfterTheirLineOtherRecordsNever) {
    SyncRecorder recorder{path("j"), {}, {}};
    Journal journal(recorder.journalPath, recorder.hook());
    for (const Event& event : examples::everyKind()) {
        SCOPED_TRACE(eventName(event));
        const size_t before = recorder.textAtSync.size();
        journal.append(event);
        const bool durable = std::holds_alternative<RunDone>(event) || std::holds_alternative<SweepDone>(event);
        ASSERT_EQ(recorder.textAtSync.size(), before + (durable ? 1u : 0u));
        if (durable) {
            // The sync comes after the record's own line, so it covers it.
            EXPECT_TRUE(endsWithLine(recorder.textAtSync.back(), event)) << recorder.textAtSync.back();
            EXPECT_GE(recorder.fds.back(), 0);
        }
    }
    EXPECT_EQ(recorder.textAtSync.size(), 2u); // everyKind() holds one run_done and one sweep_done
}

TEST_F(JournalSyncTest, EveryRunOfASweepIsSyncedBeforeTheNextStarts) {
    SyncRecorder recorder{path("j"), {}, {}};
    Journal journal(recorder.journalPath, recorder.hook());
    journal.append(Hello{kSchemaVersion, "oversub-cli test"});
    const RunDone done = std::get<RunDone>(examples::everyKind()[6]);
    constexpr int kRuns = 3;
    for (int run = 0; run < kRuns; ++run) {
        RunStarted started;
        started.run = run;
        journal.append(started);
        EXPECT_EQ(recorder.textAtSync.size(), static_cast<size_t>(run)) << "run_started is not synced";
        RunDone finished = done;
        finished.run = run;
        journal.append(finished);
        ASSERT_EQ(recorder.textAtSync.size(), static_cast<size_t>(run + 1));
        EXPECT_TRUE(endsWithLine(recorder.textAtSync.back(), finished));
    }
    journal.append(SweepDone{});
    EXPECT_EQ(recorder.textAtSync.size(), static_cast<size_t>(kRuns + 1));
}

TEST_F(JournalSyncTest, AFailedSyncIsAnErrorNamingTheJournal) {
    Journal journal(path("j"), [](int) {
        errno = EIO;
        return -1;
    });
    journal.append(Hello{kSchemaVersion, "oversub-cli test"}); // not synced: no error
    try {
        journal.append(std::get<RunDone>(examples::everyKind()[6]));
        FAIL() << "a run_done whose sync failed was taken as durable";
    } catch (const OutputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path("j")), std::string::npos) << what;
        EXPECT_NE(what.find("fsync"), std::string::npos) << what;
        EXPECT_NE(what.find(std::strerror(EIO)), std::string::npos) << what;
    }
}

TEST_F(JournalSyncTest, WithoutAHookTheJournalStillSyncsAndWrites) {
    {
        const std::vector<Event> all = examples::everyKind();
        Journal journal(path("j"));
        journal.append(all[0]); // hello
        journal.append(all[2]); // run_started
        journal.append(all[6]); // its run_done
    }
    EXPECT_EQ(readJournal(path("j")).runsCompleted, 1);
}
