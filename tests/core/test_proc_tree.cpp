// descendantsOf: a forked grandchild is found below this process and below
// its parent; a table with a cycle does not loop.

#include "sampler/process_tree.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

using namespace oversub::sampler;

namespace {
bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }
} // namespace

TEST(ProcessTree, ForkedGrandchildIsADescendant) {
    int hold[2], report[2];
    ASSERT_EQ(::pipe(hold), 0);
    ASSERT_EQ(::pipe(report), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(hold[1]);
        ::close(report[0]);
        const pid_t grandchild = ::fork();
        if (grandchild == 0) {
            const pid_t self = ::getpid();
            if (::write(report[1], &self, sizeof self) != sizeof self) ::_exit(1);
            char c;
            while (::read(hold[0], &c, 1) > 0) {}
            ::_exit(0);
        }
        char c;
        while (::read(hold[0], &c, 1) > 0) {}
        ::waitpid(grandchild, nullptr, 0);
        ::_exit(0);
    }
    ::close(hold[0]);
    ::close(report[1]);
    pid_t grandchild = 0;
    ASSERT_EQ(::read(report[0], &grandchild, sizeof grandchild), static_cast<ssize_t>(sizeof grandchild));

    const auto mine = descendantsOf(::getpid());
    const auto childs = descendantsOf(child);
    ::close(hold[1]); // both exit now
    ::waitpid(child, nullptr, 0);
    ::close(report[0]);

    EXPECT_TRUE(contains(mine, child));
    EXPECT_TRUE(contains(mine, grandchild));
    EXPECT_FALSE(contains(mine, ::getpid()));
    // Parents come before their children.
    EXPECT_LT(std::find(mine.begin(), mine.end(), child), std::find(mine.begin(), mine.end(), grandchild));
    EXPECT_EQ(childs, std::vector<int>{grandchild});
}

TEST(ProcessTree, ListedProcessesIncludeThisOneWithItsParent) {
    const auto all = listProcesses();
    const auto self = std::find_if(all.begin(), all.end(), [](const ProcessParent& p) { return p.pid == ::getpid(); });
    ASSERT_NE(self, all.end());
    EXPECT_EQ(self->ppid, ::getppid());
}

TEST(ProcessTree, TableWalkIsBreadthFirstAndSurvivesACycle) {
    const std::vector<ProcessParent> table = {{10, 1}, {11, 10}, {12, 10}, {13, 11}, {20, 1}, {30, 31}, {31, 30}};
    EXPECT_EQ(descendantsOf(10, table), (std::vector<int>{11, 12, 13}));
    EXPECT_EQ(descendantsOf(13, table), std::vector<int>{});
    EXPECT_EQ(descendantsOf(30, table), std::vector<int>{31});
    EXPECT_EQ(descendantsOf(99, table), std::vector<int>{});
}

TEST(ProcessTree, NewDescendantsOfSeveralRootsExcludeTheRoots) {
    // 11 exited earlier: its child 13 was re-parented to 1 but is still watched.
    const std::vector<ProcessParent> table = {{10, 1}, {12, 10}, {13, 1}, {14, 13}, {15, 12}, {20, 1}};
    EXPECT_EQ(newDescendantsOf({10, 13, 12}, table), (std::vector<int>{15, 14}));
    EXPECT_EQ(newDescendantsOf({20}, table), std::vector<int>{});
}

TEST(ProcessTree, MissingProcRootGivesNothing) {
    EXPECT_TRUE(listProcesses("/nonexistent-proc-root").empty());
    EXPECT_TRUE(descendantsOf(1, "/nonexistent-proc-root").empty());
}
