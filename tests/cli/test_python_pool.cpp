// The seed's own kind of program, for real: resources/scripts/pool_matmul.py,
// a Python multiprocessing.Pool of NumPy workers, started under `taskset -c`
// with one PU. Facts asserted: `oversub-cli watch --pid` sees every Pool
// worker in its samples and reports the tree as affinity-narrowed naming the
// worker pids and the taskset fix; the script's one-line cure (--cure) leaves
// nothing narrowed; `oversub-cli run --command` under the same narrowed mask
// reports affinity-narrowed with the worker pids, and the thread variables
// it sets reach the program (the script prints them back).
//
// python3 with NumPy (Debian's python3-numpy) is a test dependency
// (.ci/deps): when it is missing these tests fail and say so.

#include "run_cli.h"

#include "events/event.h"
#include "events/event_watch.h"
#include "machine/affinity.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using oversub::test::runProgram;
namespace events = oversub::events;

namespace {

const std::string kScript = std::string(OVERSUB_SOURCE_DIR) + "/resources/scripts/pool_matmul.py";

// `name` found on PATH (absolute), "" when it is not there.
std::string onPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

bool importsNumpy(const std::string& python) {
    if (python.empty() || ::access(python.c_str(), X_OK) != 0) return false;
    return runProgram(python, {"-c", "import numpy"}, "", {}, 60000).exitStatus == 0;
}

// python3 from PATH when it has NumPy, else Debian's /usr/bin/python3 (a
// developer's PATH may put a python3 without NumPy, e.g. pyenv's, first).
std::string pythonWithNumpy() {
    for (const std::string& candidate : {onPath("python3"), std::string("/usr/bin/python3")})
        if (importsNumpy(candidate)) return candidate;
    return "";
}

#define REQUIRE_PYTHON_AND_TASKSET(python, taskset)                                                                    \
    const std::string python = pythonWithNumpy();                                                                      \
    ASSERT_FALSE(python.empty()) << "python3 with NumPy is required (Debian: apt install python3 "                     \
                                    "python3-numpy, as .ci/deps does); neither python3 on PATH nor "                   \
                                    "/usr/bin/python3 can import numpy";                                               \
    const std::string taskset = onPath("taskset");                                                                     \
    ASSERT_FALSE(taskset.empty()) << "taskset (util-linux) is required and is not on PATH";                            \
    ASSERT_TRUE(std::filesystem::is_regular_file(kScript)) << kScript

// The PU the tests narrow to, and every PU this test may use.
struct Pus {
    oversub::CpuSet allowed = oversub::currentAffinity();
    int narrow() const { return allowed.first(); }
};

std::string tempPath(const std::string& stem) {
    return (std::filesystem::temp_directory_path() /
            (stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand())))
        .string();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// What the script printed with --print-env: "kind key=value ..." lines.
struct ScriptReport {
    int parentPid = 0;
    std::string parentCpus;
    std::map<int, std::string> workerCpus; // pid -> cpus
    std::map<std::string, std::string> env; // only variables that were set
    bool resultLine = false;
    std::string resultWorkers;
};

std::string fieldOf(const std::string& line, const std::string& key) {
    const std::string needle = key + "=";
    size_t at = line.find(" " + needle);
    if (at == std::string::npos) return "";
    at += 1 + needle.size();
    return line.substr(at, line.find(' ', at) - at);
}

ScriptReport parseScriptOutput(const std::string& text) {
    ScriptReport r;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("parent ", 0) == 0) {
            r.parentPid = std::stoi(fieldOf(line, "pid"));
            r.parentCpus = fieldOf(line, "cpus");
        } else if (line.rfind("worker ", 0) == 0) {
            r.workerCpus[std::stoi(fieldOf(line, "pid"))] = fieldOf(line, "cpus");
        } else if (line.rfind("env ", 0) == 0 && line.find('=') != std::string::npos) {
            const std::string assignment = line.substr(4);
            r.env[assignment.substr(0, assignment.find('='))] = assignment.substr(assignment.find('=') + 1);
        } else if (line.rfind("result ", 0) == 0) {
            r.resultLine = true;
            r.resultWorkers = fieldOf(line, "workers");
        }
    }
    return r;
}

// A program started in the background with stdout and stderr in files; a
// thread reaps it as soon as it exits, so an attached watch sees the tree go.
class Background {
public:
    explicit Background(const std::vector<std::string>& argvText)
        : outPath_(tempPath("oversub-pool-out")), errPath_(tempPath("oversub-pool-err")) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outPath_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errPath_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        std::vector<std::string> copy = argvText;
        std::vector<char*> argv;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, copy[0].c_str(), &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot start " + copy[0] + ": " + std::strerror(rc));
        reaper_ = std::thread([this] {
            int status = 0;
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
            exitStatus_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        });
    }
    ~Background() {
        if (reaper_.joinable()) {
            ::kill(pid_, SIGKILL);
            reaper_.join();
        }
        std::filesystem::remove(outPath_);
        std::filesystem::remove(errPath_);
    }
    pid_t pid() const { return pid_; }
    int wait() {
        if (reaper_.joinable()) reaper_.join();
        return exitStatus_;
    }
    std::string out() const { return readFile(outPath_); }
    std::string err() const { return readFile(errPath_); }

private:
    std::string outPath_, errPath_;
    pid_t pid_ = -1;
    int exitStatus_ = -1;
    std::thread reaper_;
};

struct WatchOutput {
    std::set<int> sampledPids;
    int samples = 0;
    bool hasDone = false;
    events::WatchDone done;
};

WatchOutput parseWatch(const std::string& text) {
    WatchOutput w;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const events::Event e = events::parseEventLine(line);
        if (const auto* done = std::get_if<events::WatchDone>(&e)) {
            w.done = *done;
            w.hasDone = true;
        }
        if (const auto* s = std::get_if<events::Sample>(&e)) {
            ++w.samples;
            for (const auto& t : s->snapshot.threads) w.sampledPids.insert(t.pid);
        }
    }
    return w;
}

// Starts the script under `taskset -c PU` and attaches a watch to it until
// the tree is gone. 24 tasks keep the Pool alive well past watch's first
// rescans (twice a second) even when the machine is idle.
struct AttachedRun {
    ScriptReport script;
    int scriptExit = -1;
    std::string scriptErr;
    oversub::test::CliResult watch;
    WatchOutput parsed;
};

AttachedRun attachToNarrowedScript(const std::string& python, const std::string& taskset, int pu,
                                   const std::vector<std::string>& scriptArgs) {
    std::vector<std::string> argv{taskset, "-c", std::to_string(pu), python, kScript};
    argv.insert(argv.end(), scriptArgs.begin(), scriptArgs.end());
    Background script(argv);
    AttachedRun r;
    r.watch = oversub::test::runCli(
        {"watch", "--pid", std::to_string(script.pid()), "--rate", "20", "--findings", "--events", "-"}, "", {}, 60000);
    r.scriptExit = script.wait();
    r.scriptErr = script.err();
    r.script = parseScriptOutput(script.out());
    r.parsed = parseWatch(r.watch.out);
    return r;
}

} // namespace

TEST(PythonPool, WatchFindsEveryPoolWorkerNarrowedToOnePuAndNamesThem) {
    REQUIRE_PYTHON_AND_TASKSET(python, taskset);
    const Pus pus;
    ASSERT_GE(pus.allowed.count(), 2) << "narrowing means something only with at least 2 PUs";

    const AttachedRun r =
        attachToNarrowedScript(python, taskset, pus.narrow(), {"--workers", "2", "--tasks", "24", "--print-env"});
    ASSERT_EQ(r.scriptExit, 0) << r.scriptErr;
    ASSERT_EQ(r.watch.exitStatus, 0) << r.watch.err;
    ASSERT_EQ(r.script.workerCpus.size(), 2u) << "the script prints one line per Pool worker";
    EXPECT_EQ(r.script.parentCpus, std::to_string(pus.narrow()));
    for (const auto& [pid, cpus] : r.script.workerCpus) EXPECT_EQ(cpus, std::to_string(pus.narrow())) << pid;

    EXPECT_GT(r.parsed.samples, 0);
    EXPECT_TRUE(r.parsed.sampledPids.count(r.script.parentPid)) << "parent " << r.script.parentPid;
    for (const auto& [pid, cpus] : r.script.workerCpus)
        EXPECT_TRUE(r.parsed.sampledPids.count(pid)) << "Pool worker " << pid << " never sampled";

    ASSERT_TRUE(r.parsed.hasDone) << "--findings ends the stream with watch_done:\n" << r.watch.out;
    EXPECT_EQ(r.parsed.done.rootPid, r.script.parentPid);
    ASSERT_EQ(r.parsed.done.findings.size(), 1u);
    const auto& finding = r.parsed.done.findings[0];
    EXPECT_EQ(finding.id, "affinity-narrowed");
    EXPECT_EQ(finding.severity, "problem");
    EXPECT_EQ(finding.evidence.at("reachable_cpuset"), std::to_string(pus.narrow()));
    std::set<int> narrowed;
    for (const auto& pid : finding.evidence.at("narrowed_pids")) narrowed.insert(pid.get<int>());
    EXPECT_TRUE(narrowed.count(r.script.parentPid));
    for (const auto& [pid, cpus] : r.script.workerCpus) {
        EXPECT_TRUE(narrowed.count(pid)) << pid;
        const std::string fix = std::to_string(pid).insert(0, 1, ' ') + "`";
        EXPECT_NE(finding.text.find("taskset -a -p "), std::string::npos) << finding.text;
        EXPECT_NE(finding.text.find(fix), std::string::npos) << "the fix names worker " << pid << ": " << finding.text;
    }
    // The same finding, one plain line on stderr.
    EXPECT_NE(r.watch.err.find("oversub-cli watch: affinity-narrowed: "), std::string::npos) << r.watch.err;
    for (const auto& [pid, cpus] : r.script.workerCpus)
        EXPECT_NE(r.watch.err.find(std::to_string(pid)), std::string::npos) << r.watch.err;
}

TEST(PythonPool, TheOneLineCureLeavesNothingNarrowed) {
    REQUIRE_PYTHON_AND_TASKSET(python, taskset);
    const Pus pus;
    ASSERT_GE(pus.allowed.count(), 2) << "narrowing means something only with at least 2 PUs";

    const AttachedRun r = attachToNarrowedScript(python, taskset, pus.narrow(),
                                                 {"--workers", "2", "--tasks", "24", "--print-env", "--cure"});
    ASSERT_EQ(r.scriptExit, 0) << r.scriptErr;
    ASSERT_EQ(r.watch.exitStatus, 0) << r.watch.err;
    ASSERT_EQ(r.script.workerCpus.size(), 2u);
    EXPECT_EQ(r.script.parentCpus, pus.allowed.toList()) << "the cure widened the parent";
    for (const auto& [pid, cpus] : r.script.workerCpus) {
        EXPECT_EQ(cpus, pus.allowed.toList()) << "worker " << pid << " inherited the widened mask";
        EXPECT_TRUE(r.parsed.sampledPids.count(pid)) << "Pool worker " << pid << " never sampled";
    }
    ASSERT_TRUE(r.parsed.hasDone) << r.watch.out;
    EXPECT_TRUE(r.parsed.done.findings.empty()) << r.parsed.done.findings[0].text;
    EXPECT_EQ(r.watch.err.find("affinity-narrowed"), std::string::npos) << r.watch.err;
    for (const auto& p : r.parsed.done.processes) {
        if (r.script.workerCpus.count(p.pid) || p.pid == r.script.parentPid) {
            EXPECT_EQ(p.cpuset, pus.allowed.toList()) << "pid " << p.pid;
        }
    }
}

TEST(PythonPool, RunCommandUnderANarrowedMaskFlagsTheWorkersAndPassesTheThreadVariables) {
    REQUIRE_PYTHON_AND_TASKSET(python, taskset);
    const Pus pus;
    ASSERT_GE(pus.allowed.count(), 2) << "narrowing means something only with at least 2 PUs";
    const std::string eventsPath = tempPath("oversub-pool-events");
    const std::string command = python + " " + kScript + " --workers {workers} --print-env";

    const auto r = runProgram(taskset,
                              {"-c", std::to_string(pus.narrow()), OVERSUB_CLI_PATH, "run", "--command", command,
                               "--workers", "2", "--threads", "2", "--events", eventsPath},
                              "", {}, 120000);
    const std::string stream = readFile(eventsPath);
    std::filesystem::remove(eventsPath);
    ASSERT_EQ(r.exitStatus, 0) << r.err << r.out;

    nlohmann::json runDone;
    std::set<int> readyPids;
    std::istringstream lines(stream);
    for (std::string line; std::getline(lines, line);) {
        const auto j = nlohmann::json::parse(line);
        if (j.at("event") == "run_done") runDone = j;
        if (j.at("event") == "worker_ready") readyPids.insert(j.at("pid").get<int>());
    }
    ASSERT_TRUE(runDone.is_object()) << stream;
    ASSERT_TRUE(runDone.contains("command")) << runDone.dump();
    const auto& outcome = runDone.at("command");
    EXPECT_EQ(outcome.at("exit_status"), 0);
    const ScriptReport script = parseScriptOutput(outcome.at("output_tail").get<std::string>());

    // The thread variables reach the program, as the script prints them back.
    for (const char* name : {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"}) {
        ASSERT_TRUE(script.env.count(name)) << name << " not set in the program:\n" << outcome.at("output_tail");
        EXPECT_EQ(script.env.at(name), "2") << name;
        EXPECT_EQ(outcome.at("thread_env").at(name), "2") << name;
    }
    EXPECT_TRUE(script.resultLine);
    EXPECT_EQ(script.resultWorkers, "2") << "{workers} was replaced";

    ASSERT_EQ(script.workerCpus.size(), 2u) << outcome.at("output_tail");
    std::set<int> listed;
    for (const auto& w : runDone.at("workers")) listed.insert(w.at("pid").get<int>());
    const nlohmann::json* narrowed = nullptr;
    for (const auto& f : runDone.at("findings"))
        if (f.at("id") == "affinity-narrowed") narrowed = &f;
    ASSERT_NE(narrowed, nullptr) << runDone.at("findings").dump();
    std::set<int> named;
    for (const auto& w : narrowed->at("evidence").at("workers")) named.insert(w.at("pid").get<int>());
    for (const auto& [pid, cpus] : script.workerCpus) {
        EXPECT_EQ(cpus, std::to_string(pus.narrow())) << pid;
        EXPECT_TRUE(readyPids.count(pid)) << "no worker_ready for Pool worker " << pid;
        EXPECT_TRUE(listed.count(pid)) << "run_done.workers misses Pool worker " << pid;
        EXPECT_TRUE(named.count(pid)) << "the finding does not name Pool worker " << pid;
    }
}
