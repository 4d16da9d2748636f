// The external command's text to argv: shell-like splitting without a shell,
// placeholder substitution with the point's values, the errors that name the
// bad placeholder or the unclosed quote, the thread variables and the
// resources directory.

#include "external/command_line.h"
#include "external/external_run.h"
#include "external/resources_dir.h"
#include "external/thread_env.h"
#include "util/input_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

using namespace oversub;
using testing::ElementsAre;
using testing::HasSubstr;

namespace {

std::string inputErrorOf(const std::function<void()>& f, std::string* field = nullptr) {
    try {
        f();
    } catch (const InputError& e) {
        if (field) *field = e.field();
        return e.what();
    }
    return "";
}

TEST(CommandLineSplit, WhitespaceQuotesAndEscapes) {
    EXPECT_THAT(splitCommandLine("python3  script.py\t4 "), ElementsAre("python3", "script.py", "4"));
    EXPECT_THAT(splitCommandLine("sh -c 'echo $HOME; exit 3'"), ElementsAre("sh", "-c", "echo $HOME; exit 3"));
    EXPECT_THAT(splitCommandLine(R"(a "b c" d\ e "x\"y\\z\n")"), ElementsAre("a", "b c", "d e", "x\"y\\z\\n"));
    EXPECT_THAT(splitCommandLine(R"(pre'fix'"ed" '' "")"), ElementsAre("prefixed", "", ""));
    EXPECT_THAT(splitCommandLine("   "), ElementsAre());
}

TEST(CommandLineSplit, UnbalancedQuotesAndTrailingBackslashAreRefused) {
    std::string field;
    EXPECT_THAT(inputErrorOf([] { splitCommandLine("sh -c 'echo hi"); }, &field),
                HasSubstr("single quote at character 7"));
    EXPECT_EQ(field, "command");
    EXPECT_THAT(inputErrorOf([] { splitCommandLine("echo \"hi"); }), HasSubstr("double quote at character 6"));
    EXPECT_THAT(inputErrorOf([] { splitCommandLine("echo hi\\"); }), HasSubstr("backslash"));
}

TEST(CommandPlaceholders, ReplacedWithThePointsValues) {
    Experiment e;
    e.workers = 4;
    e.threads = 2;
    e.size = 300;
    e.iterations = 5;
    e.tasks = 16;
    e.seed = 7;
    EXPECT_EQ(substitutePlaceholders("{workers}x{threads}", e), "4x2");
    EXPECT_EQ(substitutePlaceholders("--n={size} --it={iterations} --t={tasks} --s={seed}", e),
              "--n=300 --it=5 --t=16 --s=7");
    EXPECT_EQ(substitutePlaceholders("{{workers}} {} { print $1 } {", e), "{workers} {} { print $1 } {");
    ::setenv("OVERSUB_RESOURCES", "/opt/oversub res", 1);
    EXPECT_EQ(substitutePlaceholders("{resources}/pool.py", e), "/opt/oversub res/pool.py");
    e.command = "python3 {resources}/pool.py {workers}";
    // Substituted after splitting: a directory with a space stays one word.
    EXPECT_THAT(commandArgv(e), ElementsAre("python3", "/opt/oversub res/pool.py", "4"));
    ::unsetenv("OVERSUB_RESOURCES");
    EXPECT_THAT(resourcesDir(), HasSubstr("resources"));
}

TEST(CommandPlaceholders, UnknownPlaceholderIsNamedWithTheAllowedOnes) {
    Experiment e;
    std::string field;
    const std::string message = inputErrorOf([&] { substitutePlaceholders("run {worker}", e); }, &field);
    EXPECT_EQ(field, "command");
    EXPECT_THAT(message, HasSubstr("'{worker}'"));
    EXPECT_THAT(message, HasSubstr("{workers}, {threads}, {size}, {iterations}, {tasks}, {seed}, {resources}"));
}

TEST(CommandPlaceholders, EmptyCommandIsRefused) {
    Experiment e;
    e.command = "  '' ";
    EXPECT_THAT(inputErrorOf([&] { commandArgv(e); }), HasSubstr("a program to run"));
}

TEST(CommandLineQuoting, QuotedLineSplitsBackToTheSameArgv) {
    const std::vector<std::string> argv{"sh", "-c", "echo 'it''s' $X", "plain-arg_1.txt", ""};
    EXPECT_EQ(splitCommandLine(quotedCommandLine(argv)), argv);
    EXPECT_EQ(quotedCommandLine({"python3", "a.py", "4"}), "python3 a.py 4");
}

TEST(ThreadEnvironment, EveryVariableSetAndInheritedOnesReplaced) {
    EXPECT_THAT(threadVariableNames(),
                ElementsAre("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                            "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"));
    EXPECT_EQ(threadEnvironment(3).size(), 6u);
    EXPECT_EQ(threadEnvironment(3).at("MKL_NUM_THREADS"), "3");
    std::string a = "PATH=/bin", b = "OMP_NUM_THREADS=8", c = "X=a=b";
    char* inherited[] = {a.data(), b.data(), c.data(), nullptr};
    const auto env = commandEnvironment(inherited, 4, 2);
    EXPECT_THAT(env, testing::Contains("PATH=/bin"));
    EXPECT_THAT(env, testing::Contains("X=a=b"));
    EXPECT_THAT(env, testing::Contains("OMP_NUM_THREADS=2"));
    EXPECT_THAT(env, testing::Not(testing::Contains("OMP_NUM_THREADS=8")));
    EXPECT_THAT(env, testing::Contains("OVERSUB_WORKERS=4"));
    EXPECT_THAT(env, testing::Contains("OVERSUB_THREADS=2"));
}

TEST(OutputTail, MadeValidUtf8) {
    EXPECT_EQ(external::validUtf8("ok \xc3\xa9\n"), "ok \xc3\xa9\n");
    EXPECT_EQ(external::validUtf8("\xa9rest"), "rest"); // a sequence cut at the start
    EXPECT_EQ(external::validUtf8("a\xff"
                                  "b\xc3"),
              "a?b?"); // invalid byte, truncated at the end
    EXPECT_EQ(external::validUtf8(std::string("a\0b", 3)), "ab");
}

} // namespace
