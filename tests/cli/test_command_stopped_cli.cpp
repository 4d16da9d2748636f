// `oversub-cli run --command` whose command stops itself (SIGSTOP): the run
// ends as a crashed worker (exit status 3) long before its timeout, stderr
// names the stopped process by pid and name, and nothing of the tree is left.

#include "events/event.h"

#include "cli_process.h"
#include "proc_checks.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

using namespace oversub;
using testing::HasSubstr;

namespace {

TEST(CommandStoppedCli, StoppedCommandIsNamedAndEndsTheRunAsACrashedWorker) {
    const test::ProcessTempDir dir("oversub-test-command-stopped-");
    const std::string eventsPath = dir.path() + "/stopped.jsonl";
    const auto r = test::runCli({"run", "--command", "sh -c 'kill -STOP $$'", "--allow-command", "--timeout", "20",
                                 "--quiet", "--events", eventsPath});
    EXPECT_EQ(r.exitStatus, 3) << r.err; // 4 would be the timeout: the stop went unseen
    const std::vector<int> pids = test::workerPidsIn(test::readEventsFile(eventsPath));
    ASSERT_FALSE(pids.empty());
    EXPECT_THAT(r.err, HasSubstr("process " + std::to_string(pids.front()) + " (sh)"));
    EXPECT_THAT(r.err, HasSubstr("stopped by a signal (state T)"));
    EXPECT_THAT(test::alivePids(pids), testing::IsEmpty());
    EXPECT_THAT(test::processesInGroup(pids.front()), testing::IsEmpty());
    const auto errors = test::eventsOfKind<events::Error>(test::readEventsFile(eventsPath));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].kind, events::ErrorKind::WorkerCrashed);
    EXPECT_EQ(errors[0].pid, pids.front());
}

} // namespace
