#pragma once
// The {python} placeholder of an external command: a Python that can import
// NumPy, found before anything runs, so the command line stays the one the
// user reads ("{python} script.py" runs "/usr/bin/python3 script.py") and a
// machine without NumPy is told so instead of failing every point.
//
// Candidates, in order: $OVERSUB_PYTHON alone when it is set (a venv's
// python, say); else Debian's /usr/bin/python3, then the python3 that PATH
// finds first (skipped when it is the same file). The first for which
// `PY -c "import numpy"` exits 0 within kPythonCheckSeconds is chosen.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oversub::external {

inline constexpr std::string_view kDebianPython = "/usr/bin/python3";
inline constexpr char kPythonVariable[] = "OVERSUB_PYTHON";
inline constexpr double kPythonCheckSeconds = 30; // a cold NumPy import on a slow disk takes seconds

struct PythonCandidate {
    std::string path; // absolute, or "" when the origin names nothing (no python3 on PATH)
    std::string label; // how messages name it: "/usr/bin/python3", "python3 on PATH (/usr/local/bin/python3)"
};

// The candidates in the order above. `pathVariable` is $PATH, `override`
// $OVERSUB_PYTHON (null or empty: unset); `debianPython` is a parameter so
// tests need not depend on what this machine has in /usr/bin.
std::vector<PythonCandidate> pythonCandidates(std::string_view debianPython, const char* pathVariable,
                                              const char* override);

struct PythonCheck {
    PythonCandidate candidate;
    bool hasNumpy = false;
    std::string problem; // why not: "has no module numpy", "does not exist", ...
};

struct PythonSearch {
    std::optional<std::string> python; // the first candidate with NumPy
    std::vector<PythonCheck> tried; // every candidate checked, in order, up to the chosen one
};

// Runs `PY -c "import numpy"` for each candidate until one succeeds. Starts
// nothing else and leaves no process behind.
PythonSearch findPythonWithNumpy(const std::vector<PythonCandidate>& candidates);

// "no Python with NumPy: /usr/bin/python3 has no module numpy; python3 on
// PATH (/usr/local/bin/python3) has no module numpy (Debian: apt install
// python3-numpy; or set OVERSUB_PYTHON to a Python that has NumPy)".
std::string noPythonMessage(const PythonSearch& search);

// The Python for {python}, searched once per process with the real PATH and
// OVERSUB_PYTHON. Throws InputError (field "command") with noPythonMessage.
const std::string& pythonWithNumpy();

} // namespace oversub::external
