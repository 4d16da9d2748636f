// DescendantFinder (watch/descendant_finder.h) on a fixture /proc of
// children files, where the tree can change without anything running: a
// whole new subtree is found in one call; a process none of whose threads
// ran is not read again (the cost the watch saves); and the ways a child
// list grows without its thread running (a sibling thread exited, a watched
// process exited and left its children to a watched subreaper, an entry
// missed) are still found. On the live /proc the children files and the
// full scan agree on a real tree, with a child forked by a second thread.

#include "proc_fixture_tree.h"
#include "watch/descendant_finder.h"

#include "sampler/process_tree.h"

#include "process_temp_dir.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using oversub::sampler::ThreadSample;
using oversub::test::sorted;
using oversub::test::threadSample;
using oversub::watch::DescendantFinder;
using oversub::watch::DescendantSource;
namespace fs = std::filesystem;

namespace {

// procRoot/PID/task/TID/children, and PID/stat for the scan.
class FakeProc {
public:
    explicit FakeProc(const std::string& name) : root_(dir().file(name)) { fs::create_directories(root_); }
    ~FakeProc() { fs::remove_all(root_); }
    std::string root() const { return root_.string(); }

    void process(int pid, int ppid, const std::vector<int>& tids) {
        for (int tid : tids) children(pid, tid, {});
        std::ofstream(root_ / std::to_string(pid) / "stat")
            << pid << " (p) S " << ppid << " 1 1 0 -1 0 0 0 0 0 0 0 0 0 0 0 1 0 0\n";
    }
    void children(int pid, int tid, const std::vector<int>& kids) {
        const fs::path task = root_ / std::to_string(pid) / "task" / std::to_string(tid);
        fs::create_directories(task);
        std::ofstream file(task / "children", std::ios::trunc);
        for (int kid : kids) file << kid << ' ';
    }
    void reparent(int pid, int ppid) { process(pid, ppid, {}); }
    void removeThread(int pid, int tid) { fs::remove_all(root_ / std::to_string(pid) / "task" / std::to_string(tid)); }
    void removeProcess(int pid) { fs::remove_all(root_ / std::to_string(pid)); }

private:
    static const oversub::test::ProcessTempDir& dir() {
        static const oversub::test::ProcessTempDir d("oversub-descendants-");
        return d;
    }
    fs::path root_;
};

} // namespace

TEST(DescendantFinder, AWholeNewSubtreeIsFoundInOneCallParentsFirst) {
    FakeProc proc("subtree");
    proc.process(100, 1, {100, 101});
    proc.process(200, 100, {200});
    proc.process(300, 100, {300});
    proc.process(201, 200, {201, 202});
    proc.process(203, 201, {203});
    proc.children(100, 100, {200});
    proc.children(100, 101, {300}); // forked by the second thread
    proc.children(200, 200, {201});
    proc.children(201, 202, {203});

    DescendantFinder finder(DescendantSource::ChildrenFiles, proc.root());
    ASSERT_TRUE(finder.usesChildrenFiles());
    const auto found = finder.newDescendants({100}, {});
    EXPECT_EQ(sorted(found), (std::vector<int>{200, 201, 203, 300}));
    auto at = [&](int pid) { return std::find(found.begin(), found.end(), pid) - found.begin(); };
    EXPECT_LT(at(200), at(201));
    EXPECT_LT(at(201), at(203));

    DescendantFinder scan(DescendantSource::ProcScan, proc.root());
    EXPECT_FALSE(scan.usesChildrenFiles());
    EXPECT_EQ(sorted(scan.newDescendants({100}, {})), sorted(found)) << "the fallback finds the same tree";
}

TEST(DescendantFinder, AProcessWhoseThreadsDidNotRunIsNotReadAgain) {
    FakeProc proc("gate");
    proc.process(100, 1, {100, 101});
    proc.process(200, 100, {200});
    proc.children(100, 100, {200});
    DescendantFinder finder(DescendantSource::ChildrenFiles, proc.root());
    ASSERT_EQ(finder.newDescendants({100}, {}), std::vector<int>{200});

    std::vector<ThreadSample> threads{threadSample(100, 100, 5000), threadSample(100, 101, 7000),
                                      threadSample(200, 200, 900)};
    EXPECT_TRUE(finder.newDescendants({100, 200}, threads).empty()); // first run times: read once more
    const uint64_t before = finder.childrenFilesRead();
    proc.children(100, 101, {300}); // (a fixture can do what a sleeping thread cannot)
    proc.process(300, 100, {300});
    EXPECT_TRUE(finder.newDescendants({100, 200}, threads).empty());
    EXPECT_EQ(finder.childrenFilesRead(), before) << "no thread ran: no file read";

    threads[1].runNsTotal = 7100; // thread 101 ran: every thread of 100 is read, not 200's
    EXPECT_EQ(finder.newDescendants({100, 200}, threads), std::vector<int>{300});
    EXPECT_EQ(finder.childrenFilesRead(), before + 2 + 1) << "100's two threads, then 300 (new)";
}

TEST(DescendantFinder, ChildrenOfAThreadThatExitedAreFoundUnderASleepingSibling) {
    FakeProc proc("thread-exit");
    proc.process(100, 1, {100, 101});
    DescendantFinder finder(DescendantSource::ChildrenFiles, proc.root());
    std::vector<ThreadSample> threads{threadSample(100, 100, 5000), threadSample(100, 101, 7000)};
    ASSERT_TRUE(finder.newDescendants({100}, {}).empty());
    ASSERT_TRUE(finder.newDescendants({100}, threads).empty());
    ASSERT_TRUE(finder.newDescendants({100}, threads).empty());

    // 101 forked 400 and exited; 400 moved to the main thread, which slept.
    proc.removeThread(100, 101);
    proc.process(400, 100, {400});
    proc.children(100, 100, {400});
    threads.pop_back();
    EXPECT_EQ(finder.newDescendants({100}, threads), std::vector<int>{400});
}

TEST(DescendantFinder, OrphansAdoptedByAWatchedSubreaperAreFoundWhenAWatchedProcessExits) {
    FakeProc proc("subreaper");
    proc.process(100, 1, {100}); // a subreaper (prctl PR_SET_CHILD_SUBREAPER)
    proc.process(200, 100, {200});
    proc.children(100, 100, {200});
    DescendantFinder finder(DescendantSource::ChildrenFiles, proc.root());
    ASSERT_EQ(finder.newDescendants({100}, {}), std::vector<int>{200});
    std::vector<ThreadSample> threads{threadSample(100, 100, 5000), threadSample(200, 200, 800)};
    ASSERT_TRUE(finder.newDescendants({100, 200}, threads).empty());

    // 200 forked 500 and exited before its file was read again: 500 went to
    // the subreaper 100, which did not run.
    proc.removeProcess(200);
    proc.reparent(500, 100);
    proc.children(500, 500, {});
    proc.children(100, 100, {500});
    threads.pop_back();
    EXPECT_EQ(finder.newDescendants({100}, threads), std::vector<int>{500});
}

TEST(DescendantFinder, EveryFileIsReadNowAndAgainEvenWhenNothingRan) {
    FakeProc proc("periodic");
    proc.process(100, 1, {100});
    DescendantFinder finder(DescendantSource::ChildrenFiles, proc.root());
    const std::vector<ThreadSample> threads{threadSample(100, 100, 5000)};
    ASSERT_TRUE(finder.newDescendants({100}, {}).empty());
    ASSERT_TRUE(finder.newDescendants({100}, threads).empty()); // its run time is known from here
    proc.process(600, 100, {600});
    proc.children(100, 100, {600}); // e.g. an entry a read missed while the list changed
    std::vector<int> found;
    for (int calls = 0; found.empty() && calls < DescendantFinder::kFullReadEveryCalls; ++calls)
        found = finder.newDescendants({100}, threads);
    EXPECT_EQ(found, std::vector<int>{600}) << "within " << DescendantFinder::kFullReadEveryCalls << " calls";
}

TEST(DescendantFinder, MissingProcessesAndThreadsGiveNothing) {
    FakeProc proc("missing");
    DescendantFinder finder(DescendantSource::ChildrenFiles, proc.root());
    EXPECT_TRUE(finder.newDescendants({4242}, {}).empty());
    EXPECT_TRUE(finder.newDescendants({4242}, {threadSample(4242, 4243, 10)}).empty());
    EXPECT_EQ(finder.scansInstead(), 0u) << "a thread that has gone is not a reason to scan";
}

TEST(DescendantFinder, LiveTreeWithAChildForkedByASecondThreadMatchesTheScan) {
    DescendantFinder children(DescendantSource::Auto);
    ASSERT_TRUE(children.usesChildrenFiles())
        << "this kernel has no /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN): watch scans /proc instead";

    int hold[2], report[2];
    ASSERT_EQ(::pipe(hold), 0);
    ASSERT_EQ(::pipe(report), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(hold[1]);
        ::close(report[0]);
        pid_t forked[2] = {0, 0};
        auto forkWaiter = [&](int slot) {
            forked[slot] = ::fork();
            if (forked[slot] == 0) {
                char c;
                while (::read(hold[0], &c, 1) > 0) {}
                ::_exit(0);
            }
        };
        forkWaiter(0);
        // The second thread stays alive, so its child is listed under it.
        std::thread second([&] {
            forkWaiter(1);
            if (::write(report[1], forked, sizeof forked) != sizeof forked) ::_exit(1);
            char c;
            while (::read(hold[0], &c, 1) > 0) {}
        });
        char c;
        while (::read(hold[0], &c, 1) > 0) {}
        second.join();
        for (pid_t pid : forked) ::waitpid(pid, nullptr, 0);
        ::_exit(0);
    }
    ::close(hold[0]);
    ::close(report[1]);
    pid_t forked[2] = {0, 0};
    const bool reported = ::read(report[0], forked, sizeof forked) == static_cast<ssize_t>(sizeof forked);
    const auto fromFiles = sorted(children.newDescendants({child}, {}));
    const auto fromScan = sorted(oversub::sampler::newDescendantsOf({child}, oversub::sampler::listProcesses()));
    ::close(hold[1]);
    ::close(report[0]);
    ::waitpid(child, nullptr, 0);

    ASSERT_TRUE(reported);
    EXPECT_EQ(fromFiles, sorted({forked[0], forked[1]}));
    EXPECT_EQ(fromFiles, fromScan);
}
