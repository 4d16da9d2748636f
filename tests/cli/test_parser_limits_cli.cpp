// Parser limits end to end: an experiment file nested 100,000 deep is refused
// by `run` and `knobs resolve` naming the file and the limit (it used to
// crash them); /dev/zero as an experiment file or a journal is refused at
// once (it used to be read for gigabytes); and an experiment at the depth
// limit runs and recovers from its journal, while one level deeper is
// refused before anything runs.

#include "run_cli.h"

#include "export/results.h"
#include "process_temp_dir.h"
#include "util/exit_code.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace oversub;
using testing::HasSubstr;
using testing::Not;

namespace {

const int kBadInput = toInt(ExitCode::BadInput);

const test::ProcessTempDir& tempDir() {
    static const test::ProcessTempDir dir("oversub-parser-limits-cli-");
    return dir;
}

std::string pathOf(const std::string& name) { return tempDir().path() + "/" + name; }

// A small scalar run whose preset block makes the file `levels` deep (at least 3).
std::string experimentFile(const std::string& name, int levels) {
    const std::string path = pathOf(name);
    std::ofstream(path) << R"({"workload": "scalar", "size": 64, "tasks": 1, "workers": 1, "preset": {"notes": )"
                        << std::string(levels - 2, '[') << std::string(levels - 2, ']') << "}}";
    return path;
}

// Refusals come before anything runs, so they are quick; the timeout only
// keeps a regression from hanging the suite.
constexpr int kTimeoutMs = 60000;

} // namespace

TEST(ParserLimitsCli, ADeeplyNestedExperimentFileIsRefusedNamingTheFileAndTheLimit) {
    const std::string deep = experimentFile("deep.json", 100000);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"run", "--experiment", deep, "--quiet"},
                                                 std::vector<std::string>{"knobs", "resolve", "--experiment", deep}}) {
        const auto r = test::runCli(args, "", {}, kTimeoutMs);
        EXPECT_EQ(r.exitStatus, kBadInput) << args[0] << ": " << r.err;
        EXPECT_THAT(r.err, HasSubstr(deep + ": nested deeper than 64 levels"));
    }
}

TEST(ParserLimitsCli, DevZeroIsRefusedAsAnExperimentFileAndAsAJournal) {
    const auto run = test::runCli({"run", "--experiment", "/dev/zero", "--quiet"}, "", {}, kTimeoutMs);
    EXPECT_EQ(run.exitStatus, kBadInput) << run.err;
    EXPECT_THAT(run.err, HasSubstr("/dev/zero: is a device or socket"));

    const auto recover = test::runCli({"recover", "/dev/zero"}, "", {}, kTimeoutMs);
    EXPECT_EQ(recover.exitStatus, kBadInput) << recover.err;
    EXPECT_THAT(recover.err, HasSubstr("/dev/zero: is a device or socket"));
}

TEST(ParserLimitsCli, AnExperimentAtTheDepthLimitRecoversFromItsJournalAndOneDeeperNeverStarts) {
    const std::vector<std::string> env{"XDG_CACHE_HOME=" + tempDir().path()};
    const std::string journal = pathOf("j.jsonl");
    const auto run = test::runCli({"run", "--experiment", experimentFile("at-limit.json", 64), "--journal", journal,
                                   "--out", pathOf("live.json"), "--quiet"},
                                  "", env);
    ASSERT_EQ(run.exitStatus, 0) << run.err;
    const auto recover = test::runCli({"recover", journal, "--out", pathOf("recovered.json")});
    ASSERT_EQ(recover.exitStatus, 0) << recover.err;
    EXPECT_THAT(recover.out, Not(HasSubstr("unreadable"))) << recover.out;
    const Results live = readResultsJson(pathOf("live.json"));
    ASSERT_FALSE(live.runs.empty());
    EXPECT_EQ(readResultsJson(pathOf("recovered.json")).runs, live.runs);

    const std::string deeper = experimentFile("one-deeper.json", 65);
    const std::string refusedJournal = pathOf("refused.jsonl");
    const auto refused =
        test::runCli({"run", "--experiment", deeper, "--journal", refusedJournal, "--quiet"}, "", env, kTimeoutMs);
    EXPECT_EQ(refused.exitStatus, kBadInput) << refused.err;
    EXPECT_THAT(refused.err, HasSubstr(deeper + ": nested deeper than 64 levels (allowed: up to 64)"));
    EXPECT_FALSE(std::filesystem::exists(refusedJournal));
}
