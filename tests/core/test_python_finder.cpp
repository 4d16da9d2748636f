// The {python} placeholder's search: which Pythons are tried and in what
// order (OVERSUB_PYTHON alone, else Debian's python3, then PATH's), how each
// is judged by running `PY -c "import numpy"`, and the message that names
// every one tried and what is missing. Fake Pythons are shell scripts in the
// test's own folder, so nothing depends on this machine having NumPy.

#include "external/command_line.h"
#include "external/python_finder.h"
#include "util/input_error.h"

#include "temp_dir_test.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace oversub;
using namespace oversub::external;
using testing::HasSubstr;

namespace {

// What a Python without NumPy prints for `-c "import numpy"`.
constexpr const char* kNoNumpy = "#!/bin/sh\n"
                                 "echo 'Traceback (most recent call last):' >&2\n"
                                 "echo '  File \"<string>\", line 1, in <module>' >&2\n"
                                 "echo \"ModuleNotFoundError: No module named 'numpy'\" >&2\n"
                                 "exit 1\n";
// A Python whose `import numpy` works (and that runs nothing else).
constexpr const char* kWithNumpy = "#!/bin/sh\n"
                                   "[ \"$1\" = -c ] && [ \"$2\" = 'import numpy' ] && exit 0\n"
                                   "exit 9\n";

class PythonFinder : public test::TempDirTest {
protected:
    // An executable script `name` in the test's folder (subfolders made).
    std::string script(const std::string& name, const std::string& text) {
        const std::string file = path(name);
        std::filesystem::create_directories(std::filesystem::path(file).parent_path());
        std::ofstream(file) << text;
        std::filesystem::permissions(file, std::filesystem::perms::owner_all);
        return file;
    }
};

TEST_F(PythonFinder, DebianFirstThenThePython3PathFindsFirst) {
    const std::string debian = script("usr-bin/python3", kNoNumpy);
    script("empty/other", "#!/bin/sh\n");
    const std::string onPath = script("bin-a/python3", kNoNumpy);
    script("bin-b/python3", kWithNumpy); // later on PATH: not what `python3` runs
    const std::string pathVariable = path("empty") + ":" + path("bin-a") + ":" + path("bin-b");

    const auto candidates = pythonCandidates(debian, pathVariable.c_str(), nullptr);
    ASSERT_EQ(candidates.size(), 2u);
    EXPECT_EQ(candidates[0].path, debian);
    EXPECT_EQ(candidates[0].label, debian);
    EXPECT_EQ(candidates[1].path, onPath);
    EXPECT_EQ(candidates[1].label, "python3 on PATH (" + onPath + ")");

    // PATH's python3 is Debian's own: tried once.
    const auto same = pythonCandidates(debian, path("usr-bin").c_str(), "");
    ASSERT_EQ(same.size(), 1u);
    EXPECT_EQ(same[0].path, debian);

    // No python3 on PATH at all: said so.
    const auto none = pythonCandidates(debian, path("empty").c_str(), nullptr);
    ASSERT_EQ(none.size(), 2u);
    EXPECT_EQ(none[1].path, "");
    EXPECT_EQ(none[1].label, "python3");
}

TEST_F(PythonFinder, OversubPythonIsTheOnlyCandidateWhenSet) {
    const std::string venv = script("venv/bin/python", kWithNumpy);
    const auto given = pythonCandidates("/usr/bin/python3", "/usr/bin", venv.c_str());
    ASSERT_EQ(given.size(), 1u);
    EXPECT_EQ(given[0].path, venv);
    EXPECT_EQ(given[0].label, "OVERSUB_PYTHON=" + venv);
    // A bare name is looked up on PATH.
    const auto named = pythonCandidates("/usr/bin/python3", path("venv/bin").c_str(), "python");
    ASSERT_EQ(named.size(), 1u);
    EXPECT_EQ(named[0].path, venv);
    EXPECT_EQ(named[0].label, "OVERSUB_PYTHON=python");
}

TEST_F(PythonFinder, TheFirstThatImportsNumpyIsChosen) {
    const std::string without = script("a/python3", kNoNumpy);
    const std::string with = script("b/python3", kWithNumpy);
    const std::string never = script("c/python3", kWithNumpy);
    const PythonSearch search = findPythonWithNumpy({{path("missing/python3"), path("missing/python3")},
                                                     {without, "python3 on PATH (" + without + ")"},
                                                     {with, with},
                                                     {never, never}});
    ASSERT_TRUE(search.python.has_value());
    EXPECT_EQ(*search.python, with);
    ASSERT_EQ(search.tried.size(), 3u) << "the search stops at the first with NumPy";
    EXPECT_EQ(search.tried[0].problem, "does not exist");
    EXPECT_EQ(search.tried[1].problem, "has no module numpy");
    EXPECT_TRUE(search.tried[2].hasNumpy);
}

TEST_F(PythonFinder, EachFailureIsNamedForWhatItIs) {
    const std::string broken = script("broken/python3", "#!/bin/sh\n"
                                                        "echo 'ImportError: libopenblas.so.0: cannot open shared "
                                                        "object file' >&2\nexit 1\n");
    const std::string killed = script("killed/python3", "#!/bin/sh\nkill -SEGV $$\n");
    const std::string plain = path("plain/python3");
    std::filesystem::create_directories(path("plain"));
    std::ofstream(plain) << "not a program\n";
    const std::string noInterpreter = script("nointerp/python3", "#!/nonexistent/interpreter\n");

    const PythonSearch search = findPythonWithNumpy(
        {{broken, broken}, {killed, killed}, {plain, plain}, {noInterpreter, noInterpreter}, {"", "python3"}});
    EXPECT_FALSE(search.python.has_value());
    ASSERT_EQ(search.tried.size(), 5u);
    EXPECT_EQ(search.tried[0].problem, "failed to import numpy (exit status 1): ImportError: libopenblas.so.0: "
                                       "cannot open shared object file");
    EXPECT_EQ(search.tried[1].problem, "was killed by SIGSEGV while importing numpy");
    EXPECT_EQ(search.tried[2].problem, "is not an executable file");
    EXPECT_THAT(search.tried[3].problem, HasSubstr("cannot be run: No such file or directory"));
    EXPECT_EQ(search.tried[4].problem, "is not on PATH");
}

TEST_F(PythonFinder, TheMessageNamesEveryPythonTriedAndWhatIsMissing) {
    const std::string debian = script("usr-bin/python3", kNoNumpy);
    const std::string onPath = script("bin/python3", kNoNumpy);
    const PythonSearch search = findPythonWithNumpy(pythonCandidates(debian, path("bin").c_str(), nullptr));
    EXPECT_FALSE(search.python.has_value());
    EXPECT_EQ(noPythonMessage(search), "no Python with NumPy: " + debian + " has no module numpy; python3 on PATH (" +
                                           onPath +
                                           ") has no module numpy (apt install python3-numpy, or set "
                                           "OVERSUB_PYTHON to a Python that has NumPy)");
}

// The placeholder itself: searched with the process's own OVERSUB_PYTHON
// (once per process, so this is the only test here that substitutes it).
TEST_F(PythonFinder, ThePlaceholderRefusesTheCommandWhenNoPythonHasNumpy) {
    const std::string without = script("venv/bin/python", kNoNumpy);
    ::setenv(kPythonVariable, without.c_str(), 1);
    Experiment e;
    e.command = "{python} {resources}/scripts/pool_matmul.py --workers {workers}";
    std::string field, message;
    try {
        commandArgv(e);
    } catch (const InputError& error) {
        field = error.field();
        message = error.what();
    }
    ::unsetenv(kPythonVariable);
    EXPECT_EQ(field, "command");
    EXPECT_THAT(message, HasSubstr("no Python with NumPy: OVERSUB_PYTHON=" + without + " has no module numpy"));
    EXPECT_THAT(message, HasSubstr("apt install python3-numpy"));
}

} // namespace
