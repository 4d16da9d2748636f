// Your own program from the command line, when things go wrong: {python}
// finds a Python with NumPy or the run is refused before anything starts,
// naming every Python tried and what is missing; a failed point says its
// exit status and last lines on stderr and in the summary; the sweep goes on
// past it unless --fail-fast; the exit status says a point failed.
// Fake Pythons (shell scripts) and PATH stand in for the machine's, so none
// of this depends on whether this machine has NumPy.

#include "events/event.h"

#include "cli_process.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace oversub;
using testing::HasSubstr;
using testing::Not;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-command-failure-");
    return dir.path() + "/" + name;
}

// An executable script at tempPath(name) (its folder made).
std::string script(const std::string& name, const std::string& text) {
    const std::string file = tempPath(name);
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::ofstream(file) << text;
    std::filesystem::permissions(file, std::filesystem::perms::owner_all);
    return file;
}

const std::string kNoNumpy = "#!/bin/sh\n"
                             "echo \"ModuleNotFoundError: No module named 'numpy'\" >&2\n"
                             "exit 1\n";
// Imports "numpy" and otherwise says what it was asked to run.
const std::string kWithNumpy = "#!/bin/sh\n"
                               "[ \"$1\" = -c ] && [ \"$2\" = 'import numpy' ] && exit 0\n"
                               "echo \"fake python ran $*\"\n";

TEST(CommandFailureCli, NoPythonWithNumpyIsSaidBeforeAnythingStarts) {
    const std::string python = script("no-numpy/python", kNoNumpy);
    const std::string eventsPath = tempPath("never.jsonl");
    const auto r = test::runCli({"run", "--command", "{python} -c 'print(1)'", "--events", eventsPath, "--quiet"}, "",
                                {"OVERSUB_PYTHON=" + python});
    EXPECT_EQ(r.exitStatus, 2) << r.err; // bad input: nothing started
    EXPECT_THAT(r.err, HasSubstr("oversub-cli: command: no Python with NumPy: OVERSUB_PYTHON=" + python +
                                 " has no module numpy (apt install python3-numpy"));
    EXPECT_FALSE(std::filesystem::exists(eventsPath)) << "not even the event stream was started";

    // The preset is refused the same way, in one line the window shows as its error.
    const auto preset =
        test::runCli({"run", "--preset", "your-own-script", "--quiet"}, "", {"OVERSUB_PYTHON=" + python});
    EXPECT_EQ(preset.exitStatus, 2) << preset.err;
    // The window shows the engine's last line of stderr: it is this one.
    const std::string lastLine = preset.err.substr(preset.err.rfind('\n', preset.err.size() - 2) + 1);
    EXPECT_THAT(lastLine, HasSubstr("no Python with NumPy: OVERSUB_PYTHON=" + python + " has no module numpy"));
}

TEST(CommandFailureCli, DebiansPythonComesFirstThenThePython3OnPath) {
    // PATH holds only a python3 without NumPy: the Debian one decides.
    const std::string onPath = script("bin/python3", kNoNumpy);
    const std::string eventsPath = tempPath("debian.jsonl");
    const auto r = test::runCli({"run", "--command", "{python} -c 'print(6 * 7)'", "--events", eventsPath, "--quiet"},
                                "", {"OVERSUB_PYTHON=", "PATH=" + tempPath("bin")});
    const bool debianHasNumpy =
        test::runProgram("/usr/bin/python3", {"-c", "import numpy"}, "", {}, 60000).exitStatus == 0;
    if (debianHasNumpy) {
        ASSERT_EQ(r.exitStatus, 0) << r.err;
        const auto done = test::eventsOfKind<events::RunDone>(test::readEventsFile(eventsPath));
        ASSERT_EQ(done.size(), 1u);
        ASSERT_TRUE(done[0].command.has_value());
        EXPECT_EQ(done[0].command->argv.front(), "/usr/bin/python3") << "Debian's first, before PATH's";
        EXPECT_EQ(done[0].command->outputTail, "42\n");
    } else {
        EXPECT_EQ(r.exitStatus, 2) << r.err;
        EXPECT_THAT(r.err, HasSubstr("no Python with NumPy: /usr/bin/python3 "));
        EXPECT_THAT(r.err, HasSubstr("; python3 on PATH (" + onPath + ") has no module numpy"));
    }
}

TEST(CommandFailureCli, ThePythonFoundIsTheOneTheCommandLineShows) {
    const std::string python = script("venv/bin/python", kWithNumpy);
    const std::string eventsPath = tempPath("fake.jsonl");
    const auto r = test::runCli({"run", "--command", "{python} {resources}/scripts/pool_matmul.py --workers {workers}",
                                 "--workers", "2", "--events", eventsPath, "--quiet"},
                                "", {"OVERSUB_PYTHON=" + python});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto done = test::eventsOfKind<events::RunDone>(test::readEventsFile(eventsPath));
    ASSERT_EQ(done.size(), 1u);
    ASSERT_TRUE(done[0].command.has_value());
    ASSERT_EQ(done[0].command->argv.size(), 4u);
    EXPECT_EQ(done[0].command->argv[0], python);
    EXPECT_THAT(done[0].command->argv[1], testing::EndsWith("/scripts/pool_matmul.py"));
    EXPECT_THAT(done[0].command->outputTail, HasSubstr("fake python ran "));
}

// Point workers=1 fails with three lines of output, workers=2 passes.
const std::vector<std::string> kSweep = {
    "sweep",
    "--command",
    "sh -c 'echo loading; echo parsing >&2; echo \"bad row {workers}\"; test {workers} -ne 1'",
    "--workers",
    "1,2",
    "--warmup",
    "0"};

TEST(CommandFailureCli, AFailedPointSaysItsStatusAndLastLinesAndTheSweepGoesOn) {
    const std::string eventsPath = tempPath("keep.jsonl");
    auto args = kSweep;
    args.insert(args.end(), {"--events", eventsPath});
    const auto r = test::runCli(args);
    EXPECT_EQ(r.exitStatus, 3) << "a point failed: " << r.err; // ExitCode::WorkerCrashed
    EXPECT_THAT(r.err, HasSubstr("oversub-cli: run 0 (workers=1): command sh -c "));
    EXPECT_THAT(r.err, HasSubstr("exited with status 1"));
    EXPECT_THAT(r.err, HasSubstr("its last output: loading | parsing | bad row 1"));
    EXPECT_THAT(r.err, Not(HasSubstr("--fail-fast")));
    // The summary's finding carries the same text.
    EXPECT_THAT(r.out, HasSubstr("run-failed"));
    EXPECT_THAT(r.out, HasSubstr("bad row 1"));

    const auto all = test::readEventsFile(eventsPath);
    const auto done = test::eventsOfKind<events::RunDone>(all);
    ASSERT_EQ(done.size(), 2u) << "the good point ran after the failed one";
    EXPECT_EQ(done[0].status, events::RunStatus::Failed);
    EXPECT_EQ(done[1].status, events::RunStatus::Ok);
    const auto errors = test::eventsOfKind<events::Error>(all);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].exitStatus, 1);
    EXPECT_THAT(errors[0].message, HasSubstr("loading | parsing | bad row 1"));
    const auto sweepDone = test::eventsOfKind<events::SweepDone>(all);
    ASSERT_EQ(sweepDone.size(), 1u);
    EXPECT_EQ(sweepDone[0].runsDone, 2);
    EXPECT_EQ(sweepDone[0].runsFailed, 1);
    EXPECT_EQ(sweepDone[0].status, events::RunStatus::Failed);
}

TEST(CommandFailureCli, FailFastStopsAtTheFirstFailedPointAndKeepGoingIsStillAccepted) {
    const std::string stopped = tempPath("fail-fast.jsonl"), kept = tempPath("keep-going.jsonl");
    auto args = kSweep;
    args.insert(args.end(), {"--fail-fast", "--events", stopped});
    const auto r = test::runCli(args);
    EXPECT_EQ(r.exitStatus, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("(--fail-fast: no further run)"));
    EXPECT_EQ(test::eventsOfKind<events::RunDone>(test::readEventsFile(stopped)).size(), 1u);

    args = kSweep;
    args.insert(args.end(), {"--keep-going", "--events", kept});
    EXPECT_EQ(test::runCli(args).exitStatus, 3);
    EXPECT_EQ(test::eventsOfKind<events::RunDone>(test::readEventsFile(kept)).size(), 2u);

    args = kSweep;
    args.insert(args.end(), {"--keep-going", "--fail-fast"});
    const auto both = test::runCli(args);
    EXPECT_EQ(both.exitStatus, 2) << both.err;
    EXPECT_THAT(both.err, HasSubstr("--fail-fast"));
}

} // namespace
