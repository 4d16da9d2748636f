#pragma once
// Running oversub-cli in the background from a test: start it, wait for its
// workers to report ready in the events file, read the events back, collect
// its exit status. Shared by the run and fault-injection tests.

#include "events/event.h"
#include "events/event_reader.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace oversub::test {

inline std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every event of a (possibly unfinished) events file.
inline std::vector<events::Event> readEventsFile(const std::string& path) {
    events::EventReader reader;
    reader.feed(readWholeFile(path));
    std::vector<events::Event> out;
    while (auto e = reader.next()) out.push_back(*e);
    if (auto last = reader.finish()) out.push_back(*last);
    return out;
}

template <typename T>
std::vector<T> eventsOfKind(const std::vector<events::Event>& all) {
    std::vector<T> out;
    for (const auto& e : all)
        if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
}

inline std::vector<int> workerPidsIn(const std::vector<events::Event>& all) {
    std::vector<int> pids;
    for (const auto& r : eventsOfKind<events::WorkerReady>(all)) pids.push_back(r.pid);
    return pids;
}

// oversub-cli with its stdout on a pipe the test holds (outFd), with default
// signal handling whatever the test runner set: a reader that closes it
// early meets the engine as it would in a shell pipeline.
struct SpawnedCli {
    pid_t pid = -1;
    int outFd = -1;
};

inline SpawnedCli spawnCliOnPipe(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGINT, SIGTERM}) sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<std::string> argvText{OVERSUB_CLI_PATH};
    argvText.insert(argvText.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argvText) argv.push_back(a.data());
    argv.push_back(nullptr);
    SpawnedCli w;
    const int rc = ::posix_spawn(&w.pid, OVERSUB_CLI_PATH, &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(out[1]);
    if (rc != 0) throw std::runtime_error("posix_spawn");
    w.outFd = out[0];
    return w;
}

// Reads up to and including the first newline (the hello line).
inline std::string readFirstLine(int fd) {
    std::string line;
    char c = 0;
    while (::read(fd, &c, 1) == 1) {
        if (c == '\n') break;
        line += c;
    }
    return line;
}

// Exit status, or -1 if it did not end within `seconds` (then it is killed).
inline int waitForExit(pid_t pid, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
}

// Starts oversub-cli in the background (stdout/stderr to /dev/null).
inline pid_t spawnCli(const std::vector<std::string>& arguments) {
    std::vector<std::string> all{OVERSUB_CLI_PATH};
    all.insert(all.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, OVERSUB_CLI_PATH, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start oversub-cli");
    return pid;
}

// Waits until the events file shows `workers` worker_ready lines; their pids
// (empty after 20 s).
inline std::vector<int> waitForWorkers(const std::string& eventsPath, size_t workers) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::vector<int> pids;
        std::istringstream lines(readWholeFile(eventsPath));
        for (std::string line; std::getline(lines, line);)
            if (line.find("\"worker_ready\"") != std::string::npos)
                pids.push_back(std::get<events::WorkerReady>(events::parseEventLine(line)).pid);
        if (pids.size() >= workers) return pids;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return {};
}

// Exit status, or 128 + signal for a process killed by a signal.
inline int waitExit(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace oversub::test
