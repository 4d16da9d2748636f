// A failed command run says how it ended and what the program said last: the
// exit status (with the signal a shell's 128+N status stands for) or the
// signal, and the last lines of its output, bounded, in the error's one-line
// message that the CLI prints and the window shows.

#include "events/event.h"
#include "external/external_run.h"
#include "runner/conductor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

using namespace oversub;
using namespace oversub::conductor;
using testing::HasSubstr;
using testing::Not;

namespace {

struct Discard final : EventSink {
    void emit(const events::Event&) override {}
};

const Topology& machine() {
    static const Topology topology = Topology::load();
    return topology;
}

RunOutcome runCommand(const std::string& command, double timeoutSeconds = 0) {
    RunRequest request;
    request.experiment.command = command;
    request.experiment.affinity = AffinityPolicy::Inherit;
    request.experiment.timeoutSeconds = timeoutSeconds;
    request.experiment.rateHz = 20;
    Discard sink;
    return runExperiment(request, machine(), sink);
}

TEST(CommandFailureText, TheLastLinesOfOutputOldestFirstWithoutBlankOnes) {
    EXPECT_EQ(external::lastOutputLines("one\ntwo\n\n   three  \r\n\n"), "one | two | three");
    EXPECT_EQ(external::lastOutputLines("1\n2\n3\n4\n5\n6\n7\n"), "3 | 4 | 5 | 6 | 7");
    EXPECT_EQ(external::lastOutputLines("no newline at the end"), "no newline at the end");
    EXPECT_EQ(external::lastOutputLines("\n \n\t\n"), "");
    EXPECT_EQ(external::lastOutputLines(""), "");
}

TEST(CommandFailureText, BoundedInBytesKeepingTheNewestLine) {
    const std::string long1(700, 'a'), long2(700, 'b');
    EXPECT_EQ(external::lastOutputLines(long1 + "\n" + long2 + "\n"), long2) << "two lines would pass 1 KB";
    const std::string huge = std::string(3000, 'x') + "END";
    const std::string cut = external::lastOutputLines(huge);
    EXPECT_EQ(cut.size(), external::kFailureOutputBytes);
    EXPECT_EQ(cut.substr(cut.size() - 3), "END") << "a line alone keeps its end";
}

TEST(CommandFailureText, ANonZeroExitNamesItsStatusAndTheLastLines) {
    const RunOutcome outcome = runCommand("sh -c 'echo loading data.csv; echo parsing >&2; "
                                          "echo \"ValueError: bad row 7\" >&2; exit 3'");
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::CommandFailed);
    EXPECT_EQ(outcome.error->exitStatus, 3);
    const std::string& message = outcome.error->message;
    EXPECT_THAT(message, HasSubstr("exited with status 3"));
    EXPECT_THAT(message, HasSubstr("its last output: loading data.csv | parsing | ValueError: bad row 7"));
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
}

TEST(CommandFailureText, ASignalIsNamedAndAShellsStatusAbove128Explained) {
    const RunOutcome killed = runCommand("sh -c 'echo about to crash; kill -SEGV $$'");
    ASSERT_TRUE(killed.error);
    EXPECT_EQ(killed.error->signal, "SIGSEGV");
    EXPECT_THAT(killed.error->message, HasSubstr("was killed by SIGSEGV"));
    EXPECT_THAT(killed.error->message, HasSubstr("its last output: about to crash"));

    const RunOutcome shell = runCommand("sh -c 'exit 137'");
    ASSERT_TRUE(shell.error);
    EXPECT_THAT(shell.error->message, HasSubstr("exited with status 137 (128 + 9: SIGKILL)"));
    EXPECT_THAT(shell.error->message, HasSubstr("it printed nothing"));
    const RunOutcome plain = runCommand("sh -c 'exit 2'");
    ASSERT_TRUE(plain.error);
    EXPECT_THAT(plain.error->message, Not(HasSubstr("128 +")));
}

TEST(CommandFailureText, ATimeoutSaysWhatTheProgramPrintedLast) {
    const RunOutcome outcome = runCommand("sh -c 'echo waiting for the lock; exec sleep 30'", 0.3);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::Timeout);
    EXPECT_THAT(outcome.error->message, HasSubstr("timed out"));
    EXPECT_THAT(outcome.error->message, HasSubstr("its last output: waiting for the lock"));
}

} // namespace
