// `oversub-cli watch`: a hello line then sample events that core's parser
// reads, every allowed CPU in every sample, a process tree followed as it
// grows, bad flags refused with exit status 2, and a clean stop (status 0)
// on SIGTERM and when the reader closes the stream.

#include "cli_process.h"
#include "run_cli.h"

#include "events/event.h"
#include "machine/affinity.h"

#include <gtest/gtest.h>

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>
#include <thread>

using oversub::test::readFirstLine;
using oversub::test::runCli;
using oversub::test::waitForExit;
namespace events = oversub::events;

namespace {

std::vector<events::Event> parseLines(const std::string& text) {
    std::vector<events::Event> parsed;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) parsed.push_back(events::parseEventLine(line));
    return parsed;
}

} // namespace

TEST(WatchCli, HelloThenSamplesCoveringEveryAllowedCpu) {
    const auto r = runCli({"watch", "--rate", "20", "--duration", "0.5", "--events", "-"});
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    const auto parsed = parseLines(r.out);
    ASSERT_GE(parsed.size(), 2u) << r.out;
    ASSERT_TRUE(std::holds_alternative<events::Hello>(parsed[0]));
    const std::vector<int> allowed = oversub::currentAffinity().toVector();
    for (size_t i = 1; i < parsed.size(); ++i) {
        const auto* sample = std::get_if<events::Sample>(&parsed[i]);
        ASSERT_NE(sample, nullptr) << "line " << i + 1;
        EXPECT_EQ(sample->run, -1);
        EXPECT_GT(sample->snapshot.intervalSeconds, 0.0) << "the priming tick is not written";
        EXPECT_TRUE(sample->snapshot.threads.empty()) << "no --pid: CPUs only";
        std::set<int> cpus;
        for (const auto& c : sample->snapshot.cpus) cpus.insert(c.cpu);
        for (int cpu : allowed) EXPECT_TRUE(cpus.count(cpu)) << "cpu " << cpu << " missing at line " << i + 1;
    }
}

TEST(WatchCli, FollowsAProcessAndADescendantThatAppearsLater) {
    int hold[2], report[2];
    ASSERT_EQ(::pipe(hold), 0);
    ASSERT_EQ(::pipe(report), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(hold[1]);
        ::close(report[0]);
        ::usleep(300'000); // appears after watching started
        const pid_t grandchild = ::fork();
        if (grandchild == 0) {
            char c;
            while (::read(hold[0], &c, 1) > 0) {}
            ::_exit(0);
        }
        if (::write(report[1], &grandchild, sizeof grandchild) != sizeof grandchild) ::_exit(1);
        char c;
        while (::read(hold[0], &c, 1) > 0) {}
        ::waitpid(grandchild, nullptr, 0);
        ::_exit(0);
    }
    ::close(hold[0]);
    ::close(report[1]);
    const auto r =
        runCli({"watch", "--rate", "10", "--duration", "2", "--pid", std::to_string(child), "--events", "-"});
    pid_t grandchild = 0;
    const bool reported = ::read(report[0], &grandchild, sizeof grandchild) == sizeof grandchild;
    ::close(hold[1]);
    ::close(report[0]);
    ::waitpid(child, nullptr, 0);
    ASSERT_TRUE(reported);
    ASSERT_EQ(r.exitStatus, 0) << r.err;

    bool sawChild = false, sawGrandchild = false;
    for (const auto& event : parseLines(r.out)) {
        const auto* sample = std::get_if<events::Sample>(&event);
        if (!sample) continue;
        for (const auto& t : sample->snapshot.threads) {
            EXPECT_TRUE(t.pid == child || t.pid == grandchild) << "pid " << t.pid;
            EXPECT_EQ(t.worker, -1);
            sawChild |= t.pid == child && t.tid == child;
            sawGrandchild |= t.pid == grandchild && t.tid == grandchild;
        }
    }
    EXPECT_TRUE(sawChild);
    EXPECT_TRUE(sawGrandchild) << "grandchild " << grandchild << " was never sampled";
}

TEST(WatchCli, BadFlagsAreRefusedWithStatusTwo) {
    auto r = runCli({"watch", "--rate", "0", "--duration", "0.1"});
    EXPECT_EQ(r.exitStatus, 2);
    EXPECT_NE(r.err.find("--rate"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    r = runCli({"watch", "--rate", "51", "--duration", "0.1"});
    EXPECT_EQ(r.exitStatus, 2);

    const pid_t gone = ::fork();
    if (gone == 0) ::_exit(0);
    ::waitpid(gone, nullptr, 0);
    r = runCli({"watch", "--duration", "0.1", "--pid", std::to_string(gone)});
    EXPECT_EQ(r.exitStatus, 2);
    EXPECT_NE(r.err.find("--pid"), std::string::npos) << r.err;
}

TEST(WatchCli, StopsCleanlyOnSigterm) {
    oversub::test::SpawnedCli w = oversub::test::spawnCliOnPipe({"watch", "--rate", "20", "--events", "-"});
    const std::string hello = readFirstLine(w.outFd);
    ASSERT_TRUE(std::holds_alternative<events::Hello>(events::parseEventLine(hello)));
    ::kill(w.pid, SIGTERM);
    EXPECT_EQ(waitForExit(w.pid, 20), 0);
    ::close(w.outFd);
}

TEST(WatchCli, StopsCleanlyWhenTheReaderCloses) {
    oversub::test::SpawnedCli w = oversub::test::spawnCliOnPipe({"watch", "--rate", "20", "--events", "-"});
    const std::string hello = readFirstLine(w.outFd);
    ASSERT_TRUE(std::holds_alternative<events::Hello>(events::parseEventLine(hello)));
    ::close(w.outFd);
    EXPECT_EQ(waitForExit(w.pid, 20), 0) << "expected exit status 0 after EPIPE, not SIGPIPE (141)";
}
