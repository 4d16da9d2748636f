// The affinity check of an attached process tree (analysis/tree_affinity.h)
// and the watch_done event that carries it (events/event_watch.h).

#include "analysis/tree_affinity.h"
#include "events/event.h"
#include "events/event_watch.h"

#include <gtest/gtest.h>

using namespace oversub;
using analysis::TreeAffinityEvidence;

namespace {

TreeAffinityEvidence poolOnOnePu() {
    TreeAffinityEvidence e;
    e.machinePus = CpuSet::range(0, 1);
    e.processes = {{100, CpuSet::fromVector({0})}, {101, CpuSet::fromVector({0})}, {102, CpuSet::fromVector({0})}};
    e.peakRunnableThreads = 2;
    return e;
}

} // namespace

TEST(TreeAffinity, APoolSharingOnePuIsNarrowedAndEveryPidGetsTheFix) {
    const auto finding = analysis::adviseTreeAffinity(poolOnOnePu());
    ASSERT_TRUE(finding);
    EXPECT_EQ(finding->id, "affinity-narrowed");
    EXPECT_EQ(finding->severity, "problem");
    EXPECT_EQ(finding->evidence.at("narrowed_pids"), nlohmann::json(std::vector<int>{100, 101, 102}));
    EXPECT_EQ(finding->evidence.at("reachable_cpuset"), "0");
    EXPECT_EQ(finding->evidence.at("fix"),
              nlohmann::json(
                  std::vector<std::string>{"taskset -a -p 0x3 100", "taskset -a -p 0x3 101", "taskset -a -p 0x3 102"}));
    for (const char* part : {"pids 100, 101, 102", "PU 0", "`taskset -a -p 0x3 101`", "os.sched_setaffinity"})
        EXPECT_NE(finding->text.find(part), std::string::npos) << part << " in: " << finding->text;
}

TEST(TreeAffinity, NotNarrowedWhenTheTreeReachesEveryPuOrNeverWantedMore) {
    auto cured = poolOnOnePu();
    for (auto& p : cured.processes) p.cpuset = CpuSet::range(0, 1);
    EXPECT_FALSE(analysis::adviseTreeAffinity(cured));

    auto oneBusyThread = poolOnOnePu();
    oneBusyThread.peakRunnableThreads = 1; // a single busy thread loses nothing on one PU
    EXPECT_FALSE(analysis::adviseTreeAffinity(oneBusyThread));

    auto neverRead = poolOnOnePu();
    for (auto& p : neverRead.processes) p.cpuset = CpuSet();
    EXPECT_FALSE(analysis::adviseTreeAffinity(neverRead));
}

TEST(TreeAffinity, TheCgroupLimitsWhatCountsAsNarrowed) {
    auto e = poolOnOnePu();
    e.machinePus = CpuSet::range(0, 3);
    e.usablePus = CpuSet::range(0, 1);
    const auto finding = analysis::adviseTreeAffinity(e);
    ASSERT_TRUE(finding);
    EXPECT_EQ(finding->evidence.at("usable_cpuset"), "0-1");
    EXPECT_EQ(finding->evidence.at("fix")[0], "taskset -a -p 0x3 100") << "only usable PUs in the mask";
    e.usablePus = CpuSet::fromVector({0});
    EXPECT_FALSE(analysis::adviseTreeAffinity(e)) << "a one-PU container cannot do better";
}

TEST(TreeAffinity, RunnableThreadsAreRunningOrWaitingOnesOfOneTick) {
    sampler::Snapshot s;
    sampler::ThreadSample running, waiting, sleeping;
    running.state = 'R';
    waiting.state = 'S'; // sampled asleep, but spent the tick on a CPU or queued for one
    waiting.run = 0.3;
    waiting.runqWait = 0.4;
    sleeping.state = 'S';
    sleeping.run = 0.1;
    s.threads = {running, waiting, sleeping};
    EXPECT_EQ(analysis::runnableThreadsIn(s), 2);
}

TEST(WatchDoneEvent, RoundTripsAsAnEventOfItsOwnKind) {
    events::WatchDone done;
    done.tSeconds = 2.5;
    done.rootPid = 100;
    done.machineCpuset = "0-1";
    done.peakRunnableThreads = 2;
    done.processes = {{100, "0"}, {101, "0"}};
    const auto finding = analysis::adviseTreeAffinity(poolOnOnePu());
    ASSERT_TRUE(finding.has_value());
    done.findings.push_back(*finding);
    const std::string line = events::toJsonLine(done);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    const events::Event parsed = events::parseEventLine(line);
    ASSERT_TRUE(std::holds_alternative<events::WatchDone>(parsed));
    EXPECT_EQ(std::get<events::WatchDone>(parsed), done);
    EXPECT_EQ(events::eventName(parsed), "watch_done");
    EXPECT_FALSE(std::holds_alternative<events::WatchDone>(
        events::parseEventLine(events::toJsonLine(events::Hello{events::kSchemaVersion, "x"}))));
    // A missing field is named.
    try {
        events::parseEventLine(R"({"event":"watch_done","t_s":1})");
        ADD_FAILURE() << "a watch_done without root_pid was accepted";
    } catch (const events::EventParseError& error) {
        EXPECT_NE(std::string(error.what()).find("root_pid"), std::string::npos) << error.what();
    }
}
