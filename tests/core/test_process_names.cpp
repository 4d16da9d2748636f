// The engine names processes so the window never reads /proc: the sample's
// "processes" (each process once per stream) and `oversub-cli processes`.

#include "events/event.h"
#include "events/process_list.h"
#include "sampler/process_list_info.h"
#include "sampler/process_namer.h"

#include "run_cli.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <csignal>
#include <variant>

#include <sys/wait.h>
#include <unistd.h>

using namespace oversub;

namespace {

sampler::Snapshot threadsOf(std::initializer_list<int> pids) {
    sampler::Snapshot s;
    for (int pid : pids) {
        sampler::ThreadSample t;
        t.pid = pid;
        t.tid = pid;
        s.threads.push_back(t);
    }
    return s;
}

} // namespace

TEST(ProcessNames, SampleCarriesNewProcessesOnlyWhenThereAreSome) {
    events::Sample sample;
    sample.run = 0;
    sample.snapshot = threadsOf({41});
    EXPECT_EQ(events::toJsonLine(sample).find("\"processes\""), std::string::npos);
    sample.newProcesses = {{41, "python3"}, {42, "my prog"}};
    const auto line = events::toJsonLine(sample);
    const auto back = std::get<events::Sample>(events::parseEventLine(line));
    EXPECT_EQ(back.newProcesses, sample.newProcesses);
    EXPECT_EQ(back, sample);
}

TEST(ProcessNames, NamerNamesEachProcessOnceFromProc) {
    const pid_t self = ::getpid();
    sampler::ProcessNamer namer;
    std::vector<events::ProcessName> named;
    namer.nameNew(threadsOf({self, self}), named);
    ASSERT_EQ(named.size(), 1u);
    EXPECT_EQ(named[0].pid, self);
    EXPECT_EQ(named[0].name, sampler::processName(self).value_or("?"));
    EXPECT_FALSE(named[0].name.empty());
    namer.nameNew(threadsOf({self}), named);
    EXPECT_TRUE(named.empty()); // named once per stream
}

TEST(ProcessNames, AProcessGoneBeforeItIsNamedGetsAnEmptyName) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    sampler::ProcessNamer namer;
    std::vector<events::ProcessName> named;
    namer.nameNew(threadsOf({child}), named);
    ASSERT_EQ(named.size(), 1u);
    EXPECT_EQ(named[0].name, "");
}

TEST(ProcessNames, ProcessListJsonReadsBackAndNamesABadField) {
    const std::vector<sampler::ProcessListEntry> list{{1, 0, "init", "/sbin/init splash", 1},
                                                      {77, 1, "kworker/0:1", "", 1}};
    EXPECT_EQ(events::processListFromJson(nlohmann::json::parse(events::processListToJson(list).dump())), list);
    try {
        events::processListFromJson(nlohmann::json::parse(R"({"processes":[{"pid":"x"}]})"));
        FAIL() << "a pid that is text was accepted";
    } catch (const events::EventParseError& e) {
        EXPECT_NE(std::string(e.what()).find("pid"), std::string::npos) << e.what();
    }
}

TEST(ProcessNames, CliListsThisTestAsThePsColumnsAndAsJson) {
    const auto self = std::to_string(::getpid());
    const auto json = test::runCli({"processes", "--json", "--filter", self});
    ASSERT_EQ(json.exitStatus, 0) << json.err;
    const auto list = events::processListFromJson(nlohmann::json::parse(json.out));
    bool found = false;
    for (const auto& p : list) found = found || (p.pid == ::getpid() && p.threads >= 1 && p.ppid == ::getppid());
    EXPECT_TRUE(found) << json.out;

    const auto table = test::runCli({"processes", "--filter", self});
    ASSERT_EQ(table.exitStatus, 0) << table.err;
    EXPECT_EQ(table.out.rfind("     PID     PPID THREADS  COMMAND\n", 0), 0u) << table.out;
    EXPECT_NE(table.out.find(" " + self + " "), std::string::npos) << table.out;
}
