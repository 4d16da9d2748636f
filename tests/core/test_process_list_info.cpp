// The attach list: a fixture /proc gives names with spaces and ')', thread
// counts and joined command lines; kernel threads show as [name]; the filter
// matches pid, name or command line; the live /proc holds this test with its
// threads and a started `sleep` child with its arguments.

#include "sampler/process_list_info.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno> // program_invocation_name
#include <filesystem>
#include <fstream>
#include <thread>

using namespace oversub::sampler;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

// stat line with `threads` as field 20 and `ppid` as field 4.
std::string statLine(int pid, const std::string& comm, int ppid, int threads) {
    std::string line = std::to_string(pid) + " (" + comm + ") S " + std::to_string(ppid);
    for (int field = 5; field <= 19; ++field) line += " 0";
    line += " " + std::to_string(threads) + " 0 12345\n";
    return line;
}

struct FakeProc {
    fs::path root = fs::temp_directory_path() / ("oversub-proclist-" + std::to_string(::getpid()));
    FakeProc() { fs::create_directories(root); }
    ~FakeProc() { fs::remove_all(root); }
    void add(int pid, const std::string& stat, const std::string& cmdline) {
        const fs::path dir = root / std::to_string(pid);
        fs::create_directories(dir);
        std::ofstream(dir / "stat") << stat;
        std::ofstream(dir / "cmdline", std::ios::binary) << cmdline;
    }
};

const ProcessListEntry* find(const std::vector<ProcessListEntry>& all, int pid) {
    auto it = std::find_if(all.begin(), all.end(), [pid](const auto& e) { return e.pid == pid; });
    return it == all.end() ? nullptr : &*it;
}

} // namespace

TEST(ProcessListInfo, AFileThatFailsToReadIsAProcessGoneNotAnException) {
    // A process exiting while its files are read makes read(2) fail (ESRCH);
    // a folder where cmdline should be fails the same way (EISDIR).
    FakeProc proc;
    proc.add(10, "10 (python3) S 1 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 5 0 100 0 0", "");
    fs::remove(proc.root / "10" / "cmdline");
    fs::create_directories(proc.root / "10" / "cmdline");
    std::optional<ProcessListEntry> entry;
    ASSERT_NO_THROW(entry = processInfo(10, proc.root.string()));
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->name, "python3");
    EXPECT_EQ(entry->cmdline, "");
    ASSERT_NO_THROW(listProcessInfo(proc.root.string()));
}

TEST(ProcessListInfo, FixtureNamesThreadsAndCommandLines) {
    FakeProc proc;
    proc.add(42, statLine(42, "python3", 1, 9),
             "python3\0script.py\0--workers\0"
             "4\0"s);
    proc.add(7, statLine(7, "odd) name (x", 42, 1), "./odd\0"s);
    proc.add(2, statLine(2, "kthreadd", 0, 1), "");
    fs::create_directories(proc.root / "self"); // not a pid: ignored
    const auto all = listProcessInfo(proc.root.string());
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].pid, 2); // pid order
    EXPECT_EQ(all[1].pid, 7);
    EXPECT_EQ(all[2].pid, 42);
    const auto* python = find(all, 42);
    ASSERT_NE(python, nullptr);
    EXPECT_EQ(python->name, "python3");
    EXPECT_EQ(python->cmdline, "python3 script.py --workers 4");
    EXPECT_EQ(python->threads, 9);
    EXPECT_EQ(python->ppid, 1);
    EXPECT_EQ(find(all, 7)->name, "odd) name (x");
    EXPECT_EQ(find(all, 7)->ppid, 42);
    EXPECT_EQ(find(all, 2)->displayText(), "[kthreadd]");
    EXPECT_EQ(python->displayText(), "python3 script.py --workers 4");
    EXPECT_FALSE(processInfo(99, proc.root.string()).has_value());
}

TEST(ProcessListInfo, TruncatedStatIsSkipped) {
    FakeProc proc;
    proc.add(5, "5 (short) S 1 0 0\n", "");
    EXPECT_TRUE(listProcessInfo(proc.root.string()).empty());
}

TEST(ProcessListInfo, FilterMatchesPidNameOrCommandLine) {
    std::vector<ProcessListEntry> all{
        {10, 1, "python3", "python3 pool.py", 5}, {11, 1, "bash", "/bin/bash", 1}, {210, 1, "kworker/0:1", "", 1}};
    EXPECT_EQ(filterProcesses(all, "").size(), 3u);
    EXPECT_EQ(filterProcesses(all, "  ").size(), 3u);
    auto byName = filterProcesses(all, " PYTHON ");
    ASSERT_EQ(byName.size(), 1u);
    EXPECT_EQ(byName[0].pid, 10);
    auto byPid = filterProcesses(all, "21");
    ASSERT_EQ(byPid.size(), 1u);
    EXPECT_EQ(byPid[0].pid, 210);
    auto byArgs = filterProcesses(all, "pool.py");
    ASSERT_EQ(byArgs.size(), 1u);
    EXPECT_EQ(byArgs[0].pid, 10);
    EXPECT_TRUE(filterProcesses(all, "nothing-like-this").empty());
}

TEST(ProcessListInfo, LiveProcHoldsThisTestAndASleepChild) {
    std::thread helper([] { ::usleep(300 * 1000); });
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::execlp("sleep", "sleep", "30", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // The child has exec'd once its name is "sleep" and its arguments are
    // in place: execve renames the task before it lays out the new argv, so
    // for a moment /proc/PID/cmdline is still empty.
    std::optional<ProcessListEntry> sleeper;
    for (int i = 0; i < 200; ++i) {
        sleeper = processInfo(child);
        if (sleeper && sleeper->name == "sleep" && !sleeper->cmdline.empty()) break;
        ::usleep(10 * 1000);
    }
    const auto all = listProcessInfo();
    const auto* self = find(all, ::getpid());
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    helper.join();
    ASSERT_TRUE(sleeper.has_value());
    EXPECT_EQ(sleeper->name, "sleep");
    EXPECT_EQ(sleeper->cmdline, "sleep 30");
    EXPECT_EQ(sleeper->ppid, ::getpid());
    EXPECT_EQ(sleeper->threads, 1);
    ASSERT_NE(self, nullptr);
    EXPECT_GE(self->threads, 2); // main + helper
    EXPECT_EQ(self->cmdline.rfind(program_invocation_name, 0), 0u); // starts with argv[0]
}
