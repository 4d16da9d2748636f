// Output paths are checked before anything runs and cannot be turned against
// the user: no device is replaced, no link is followed, no FIFO blocks, the
// umask decides a new file's mode, and every refusal or write error is exit 7
// naming the flag and the path.

#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

using namespace oversub;
using testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const test::ProcessTempDir& scratch() {
    static const test::ProcessTempDir dir("oversub-test-outputs-");
    return dir;
}

std::vector<std::string> tinyRun() {
    return {"run", "--workload", "scalar", "--size", "64", "--tasks", "2", "--workers", "1", "--quiet"};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

std::string contentsOf(const std::string& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

mode_t modeOf(const std::string& file) {
    struct stat st {};
    EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
    return st.st_mode & 07777;
}

// Runs oversub-cli through sh so the child gets `setup` first (a umask, a
// file size limit); `exec` keeps the CLI's exit status.
test::CliResult runCliAfter(const std::string& setup, const std::vector<std::string>& args) {
    std::vector<std::string> shArgs{"-c", setup + "; exec \"$0\" \"$@\"", OVERSUB_CLI_PATH};
    shArgs.insert(shArgs.end(), args.begin(), args.end());
    return test::runProgram("/bin/sh", shArgs);
}

} // namespace

TEST(OutputPathsCli, ADeviceIsNeverReplacedAndNothingRuns) {
    const std::string events = scratch().file("device-events.jsonl");
    for (const char* flag : {"--out", "--csv", "--events", "--journal"}) {
        std::vector<std::string> args = with(tinyRun(), {flag, "/dev/full"});
        if (std::string(flag) != "--events") args = with(args, {"--events", events});
        const auto r = test::runCli(args);
        EXPECT_EQ(r.exitStatus, 7) << flag << ": " << r.err;
        EXPECT_THAT(r.err, HasSubstr(std::string(flag) + " '/dev/full'"));
        EXPECT_THAT(r.err, HasSubstr("character device"));
        struct stat st {};
        ASSERT_EQ(::stat("/dev/full", &st), 0);
        EXPECT_TRUE(S_ISCHR(st.st_mode)) << flag << " replaced /dev/full";
        EXPECT_FALSE(fs::exists(events)) << flag << ": the run started before the path was checked";
    }
}

TEST(OutputPathsCli, BadFoldersAndDirectoriesAreRefusedNamingThePathAndErrno) {
    const std::string missing = scratch().file("no-such-folder/r.json");
    auto r = test::runCli(with(tinyRun(), {"--out", missing}));
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr(missing));
    EXPECT_THAT(r.err, HasSubstr("No such file or directory"));

    r = test::runCli(with(tinyRun(), {"--csv", scratch().path()}));
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr("is a directory"));

    const std::string notAFolder = scratch().file("plain-file");
    std::ofstream(notAFolder) << "x";
    r = test::runCli(with(tinyRun(), {"--events", notAFolder + "/e.jsonl"}));
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--events"));

    // sweep and recover check theirs before any run or read too.
    r = test::runCli({"sweep", "--workload", "scalar", "--size", "64", "--tasks", "1", "--workers", "1,2", "--quiet",
                      "--journal", missing});
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--journal '" + missing + "'"));
    r = test::runCli({"recover", scratch().file("no-journal.jsonl"), "--out", "/dev/full"});
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--out '/dev/full'"));
    r = test::runCli({"watch", "--duration", "0.2", "--events", "/dev/full"});
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--events '/dev/full'"));
}

TEST(OutputPathsCli, LinksAreNeverFollowed) {
    const std::string secret = scratch().file("root-only.txt");
    std::ofstream(secret) << "secret\n";
    ::chmod(secret.c_str(), 0600);
    for (const char* flag : {"--events", "--journal", "--out", "--csv"}) {
        const std::string link = scratch().file(std::string("planted") + (flag + 2));
        fs::create_symlink(secret, link);
        const auto r = test::runCli(with(tinyRun(), {flag, link}));
        EXPECT_EQ(r.exitStatus, 7) << flag << ": " << r.err;
        EXPECT_THAT(r.err, HasSubstr("symbolic link")) << flag;
        EXPECT_EQ(contentsOf(secret), "secret\n") << flag << " wrote through the link";
        EXPECT_TRUE(fs::is_symlink(link)) << flag << " replaced the link";
    }
    EXPECT_EQ(modeOf(secret), 0600u);
}

TEST(OutputPathsCli, AFifoIsRefusedWithoutBlocking) {
    const std::string fifo = scratch().file("events.fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const char* flag : {"--events", "--journal", "--out"}) {
        const auto r = test::runCli(with(tinyRun(), {flag, fifo}), "", {}, 20000);
        EXPECT_EQ(r.exitStatus, 7) << flag << ": " << r.err;
        EXPECT_THAT(r.err, HasSubstr("FIFO"));
    }
}

TEST(OutputPathsCli, NewFilesTakeTheUmasksModeAndExistingOnesKeepTheirs) {
    const std::vector<std::string> outputs{scratch().file("u.json"), scratch().file("u.csv"), scratch().file("u.jsonl"),
                                           scratch().file("u-journal.jsonl")};
    const auto r = runCliAfter("umask 027", with(tinyRun(), {"--out", outputs[0], "--csv", outputs[1], "--events",
                                                             outputs[2], "--journal", outputs[3]}));
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    for (const auto& file : outputs) EXPECT_EQ(modeOf(file), 0640u) << file;

    ::chmod(outputs[0].c_str(), 0600);
    const auto again = runCliAfter("umask 022", with(tinyRun(), {"--out", outputs[0]}));
    ASSERT_EQ(again.exitStatus, 0) << again.err;
    EXPECT_EQ(modeOf(outputs[0]), 0600u) << "a replaced results file lost its mode";
}

TEST(OutputPathsCli, AWriteErrorDuringTheRunIsExit7NamingThePath) {
    // A 4 KiB file size limit (SIGXFSZ ignored, so write() fails with EFBIG):
    // the event stream and the journal outgrow it during the run, the results
    // JSON at the end.
    const std::string events = scratch().file("big-events.jsonl"), journal = scratch().file("big-journal.jsonl"),
                      out = scratch().file("big.json");
    const std::string setup = "ulimit -f 4; trap '' XFSZ";
    auto r = runCliAfter(setup, with(tinyRun(), {"--repeat", "3", "--events", events}));
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr("--events '" + events + "'"));
    EXPECT_THAT(r.err, HasSubstr("File too large"));

    r = runCliAfter(setup, with(tinyRun(), {"--repeat", "6", "--journal", journal}));
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr(journal));
    EXPECT_THAT(r.err, HasSubstr("File too large"));

    r = runCliAfter(setup, {"sweep", "--workload", "scalar", "--size", "64", "--tasks", "2", "--workers", "1,2",
                            "--repeat", "2", "--quiet", "--out", out});
    EXPECT_EQ(r.exitStatus, 7) << r.err;
    EXPECT_THAT(r.err, HasSubstr(out));
    EXPECT_FALSE(fs::exists(out)) << "a half-written results file was left";
    for (const auto& entry : fs::directory_iterator(scratch().path()))
        EXPECT_EQ(entry.path().filename().string().rfind(".oversub-tmp-", 0), std::string::npos)
            << "temporary file left: " << entry.path();
}
