// Nothing from a file or an overridden resources folder starts a program
// without --allow-command, and the test-only fault knob comes only from
// --fault (experiment/file_trust.h). Each refusal is checked by its effect:
// a marker file the program would have made stays absent.

#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace oversub;
using testing::HasSubstr;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-consent-");
    return dir.path() + "/" + name;
}

std::string writeFile(const std::string& name, const std::string& text) {
    const std::string path = tempPath(name);
    std::ofstream(path) << text;
    return path;
}

// An experiment whose sweep axis would run `sh -c 'touch MARKER'`.
std::string sweptCommandFile(const std::string& marker) {
    return writeFile("swept.json", R"({"schema":1,"sweep":[{"knob":"command","values":["sh -c 'touch )" + marker +
                                       R"('","true"]}]})");
}

} // namespace

TEST(ConsentCli, ASweptCommandInAFileNeedsAllowCommand) {
    const std::string marker = tempPath("swept-ran");
    const std::string file = sweptCommandFile(marker);
    const auto refused = test::runCli({"run", "--experiment", file, "--quiet"});
    EXPECT_EQ(refused.exitStatus, 2) << refused.err;
    EXPECT_THAT(refused.err, HasSubstr("command"));
    EXPECT_THAT(refused.err, HasSubstr("--allow-command"));
    EXPECT_THAT(refused.err, HasSubstr(file));
    EXPECT_FALSE(std::filesystem::exists(marker)) << "the program ran without consent";
    // `sweep` and `knobs resolve` decide the same way.
    EXPECT_EQ(test::runCli({"sweep", "--experiment", file, "--quiet"}).exitStatus, 2);
    EXPECT_EQ(test::runCli({"knobs", "resolve", "--experiment", file}).exitStatus, 2);
    EXPECT_FALSE(std::filesystem::exists(marker));

    const auto allowed = test::runCli({"run", "--experiment", file, "--allow-command", "--quiet"});
    EXPECT_EQ(allowed.exitStatus, 0) << allowed.err;
    EXPECT_TRUE(std::filesystem::exists(marker));
}

TEST(ConsentCli, ACommandTypedOnTheCommandLineIsConsent) {
    const std::string file = writeFile("top.json", R"({"schema":1,"command":"sh -c 'exit 0'"})");
    EXPECT_EQ(test::runCli({"knobs", "resolve", "--experiment", file}).exitStatus, 2);
    // Typing a command replaces the file's: that one was typed.
    const auto typed = test::runCli({"knobs", "resolve", "--experiment", file, "--command", "true"});
    EXPECT_EQ(typed.exitStatus, 0) << typed.err;
    EXPECT_EQ(test::runCli({"knobs", "resolve", "--command", "true,false"}).exitStatus, 0);
}

TEST(ConsentCli, APresetRunsItsShippedScriptButNotAnOverriddenOne) {
    const auto shipped = test::runCli({"knobs", "resolve", "--preset", "your-own-script"});
    EXPECT_EQ(shipped.exitStatus, 0) << shipped.err;

    const std::string evil = tempPath("evil");
    std::filesystem::create_directories(evil + "/scripts");
    const auto overridden =
        test::runCli({"run", "--preset", "your-own-script", "--quiet"}, "", {"OVERSUB_RESOURCES=" + evil});
    EXPECT_EQ(overridden.exitStatus, 2) << overridden.err;
    EXPECT_THAT(overridden.err, HasSubstr("OVERSUB_RESOURCES=" + evil));
    EXPECT_THAT(overridden.err, HasSubstr("--allow-command"));
    EXPECT_EQ(test::runCli({"knobs", "resolve", "--preset", "your-own-script", "--allow-command"}, "",
                           {"OVERSUB_RESOURCES=" + evil})
                  .exitStatus,
              0);
}

TEST(ConsentCli, TheFaultKnobComesOnlyFromItsFlag) {
    const std::string file = writeFile("fault.json", R"({"schema":1,"fault":"segv"})");
    const auto refused = test::runCli({"run", "--experiment", file, "--quiet"});
    EXPECT_EQ(refused.exitStatus, 2) << refused.err;
    EXPECT_THAT(refused.err, HasSubstr("fault"));
    EXPECT_THAT(refused.err, HasSubstr("--fault"));
    const std::string swept =
        writeFile("fault-swept.json", R"({"schema":1,"sweep":[{"knob":"fault","values":["segv","exit"]}]})");
    EXPECT_EQ(test::runCli({"knobs", "resolve", "--experiment", swept}).exitStatus, 2);
    // The flag is how tests make a worker fail on purpose.
    const auto flag = test::runCli({"knobs", "resolve", "--fault", "segv"});
    EXPECT_EQ(flag.exitStatus, 0) << flag.err;
}
