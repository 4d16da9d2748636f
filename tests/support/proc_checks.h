#pragma once
// Facts about leftovers, for tests that prove a run cleans up after itself:
// which pids are still alive (zombies count as gone: they hold no CPU or
// memory and only wait for their parent), which processes are in a process
// group, and which /dev/shm entries Oversub created.
//
//   EXPECT_TRUE(oversub::test::waitUntilAllGone(pids, 2000));
//   EXPECT_THAT(oversub::test::shmEntries("oversub-"), testing::IsEmpty());

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <unistd.h>

#include "util/read_file.h"

namespace oversub::test {

// A /proc file's text, "" when it cannot be read (or the process exited
// while it was read: util/read_file.h never throws for that). 1 MiB is far
// more than the stat lines these checks read.
inline std::string readProcText(const std::string& path) {
    return oversub::readWholeFile(path, size_t{1} << 20).value_or(std::string());
}

// State letter of /proc/PID/stat ('R', 'S', 'Z', ...), '\0' when no such process.
inline char processState(int pid) {
    const std::string text = readProcText("/proc/" + std::to_string(pid) + "/stat");
    const auto close = text.rfind(')');
    if (close == std::string::npos || close + 2 >= text.size()) return '\0';
    return text[close + 2];
}

// Alive = exists and is not a zombie.
inline bool pidAlive(int pid) {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
    const char state = processState(pid);
    return state != '\0' && state != 'Z' && state != 'X';
}

inline std::vector<int> alivePids(const std::vector<int>& pids) {
    std::vector<int> out;
    for (int pid : pids)
        if (pidAlive(pid)) out.push_back(pid);
    return out;
}

// Polls until none of `pids` is alive or `timeoutMs` passed; true when all gone.
inline bool waitUntilAllGone(const std::vector<int>& pids, int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!alivePids(pids).empty()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// Live (non-zombie) processes whose process group is `pgid`.
inline std::vector<int> processesInGroup(int pgid) {
    std::vector<int> out;
    if (pgid <= 0) return out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string text = readProcText((entry.path() / "stat").string());
        const auto close = text.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(text.substr(close + 2));
        char state = 0;
        int ppid = 0, group = 0;
        if (!(rest >> state >> ppid >> group)) continue;
        if (group == pgid && state != 'Z' && state != 'X') out.push_back(std::stoi(name));
    }
    return out;
}

// Names in /dev/shm starting with `prefix` (e.g. "oversub-" or
// "oversub-<pid>-" for the segments of one conductor).
inline std::vector<std::string> shmEntries(const std::string& prefix = "oversub-") {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/shm", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0) out.push_back(name);
    }
    return out;
}

// Oversub segments ("oversub-<pid>-...") whose creating process is gone:
// leaks. Segments of live processes (a run going on elsewhere) are not listed.
inline std::vector<std::string> orphanedShmEntries() {
    std::vector<std::string> out;
    for (const auto& name : shmEntries("oversub-")) {
        const size_t dash = name.find('-', 8);
        if (dash == std::string::npos) continue;
        const std::string pidText = name.substr(8, dash - 8);
        if (pidText.empty() || pidText.find_first_not_of("0123456789") != std::string::npos) continue;
        if (!pidAlive(std::stoi(pidText))) out.push_back(name);
    }
    return out;
}

} // namespace oversub::test
