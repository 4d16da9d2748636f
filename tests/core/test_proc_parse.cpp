// Parsers of the /proc texts the sampler reads: exact fields, odd command
// names, and refusal of text they do not understand.

#include "sampler/proc_parse.h"

#include <gtest/gtest.h>

#include <string>

using namespace oversub::sampler;

namespace {
const std::string kThreadStat =
    "4243 (my (odd) comm) R 17 4242 4242 0 -1 4194368 120 0 0 0 7 2 0 0 20 0 2 0 123456 "
    "1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 -1 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
}

TEST(ProcParse, TaskStatFieldsAreCountedFromTheLastParenthesis) {
    TaskStatFields f;
    ASSERT_TRUE(parseTaskStat(kThreadStat, f));
    EXPECT_EQ(f.state, 'R');
    EXPECT_EQ(f.ppid, 17);
    EXPECT_EQ(f.utimeTicks, 7u);
    EXPECT_EQ(f.stimeTicks, 2u);
    EXPECT_EQ(f.numThreads, 2);
    EXPECT_EQ(f.cpu, 1);
    int ppid = 0;
    ASSERT_TRUE(parseTaskStatPpid(kThreadStat, ppid));
    EXPECT_EQ(ppid, 17);
}

TEST(ProcParse, TruncatedTaskStatIsRefused) {
    TaskStatFields f;
    EXPECT_FALSE(parseTaskStat("4243 (x) R 1 2 3", f));
    EXPECT_FALSE(parseTaskStat("no parenthesis at all", f));
    EXPECT_FALSE(parseTaskStat("", f));
    EXPECT_FALSE(parseTaskStat(kThreadStat.substr(0, kThreadStat.find("-1 1 0")), f));
}

TEST(ProcParse, Schedstat) {
    SchedstatFields f;
    ASSERT_TRUE(parseSchedstat("1450000000 300000000 60\n", f));
    EXPECT_EQ(f.runNs, 1450000000u);
    EXPECT_EQ(f.runqWaitNs, 300000000u);
    EXPECT_EQ(f.timeslices, 60u);
    EXPECT_FALSE(parseSchedstat("12 34\n", f));
    EXPECT_EQ(f.runNs, 1450000000u) << "a refused text leaves the output alone";
}

TEST(ProcParse, StatusContextSwitchesAreNotConfusedByThePrefix) {
    CtxSwitchCounts c;
    ASSERT_TRUE(parseStatusCtxSwitches("Name:\tx\nnonvoluntary_ctxt_switches:\t7\nvoluntary_ctxt_switches:\t12\n", c));
    EXPECT_EQ(c.voluntary, 12u);
    EXPECT_EQ(c.involuntary, 7u);
    EXPECT_FALSE(parseStatusCtxSwitches("Name:\tx\nvoluntary_ctxt_switches:\t12\n", c));
}

TEST(ProcParse, ProcStatCpuLines) {
    int cpu = -1;
    CpuTickCounters c;
    ASSERT_TRUE(parseProcStatCpuLine("cpu13 1 2 3 4 5 6 7 8 9 10", cpu, c));
    EXPECT_EQ(cpu, 13);
    EXPECT_EQ(c.user, 1u);
    EXPECT_EQ(c.nice, 2u);
    EXPECT_EQ(c.system, 3u);
    EXPECT_EQ(c.idle, 4u);
    EXPECT_EQ(c.iowait, 5u);
    EXPECT_EQ(c.irq, 6u);
    EXPECT_EQ(c.softirq, 7u);
    EXPECT_EQ(c.steal, 8u);
    EXPECT_EQ(c.guest, 9u);
    EXPECT_EQ(c.guestNice, 10u);
    // An old kernel's four columns are enough; the rest stay 0.
    ASSERT_TRUE(parseProcStatCpuLine("cpu0 5 6 7 8", cpu, c));
    EXPECT_EQ(cpu, 0);
    EXPECT_EQ(c.idle, 8u);
    EXPECT_EQ(c.steal, 0u);
    EXPECT_FALSE(parseProcStatCpuLine("cpu  1 2 3 4 5 6 7 8 9 10", cpu, c)) << "aggregate line";
    EXPECT_FALSE(parseProcStatCpuLine("intr 1 2 3", cpu, c));
    EXPECT_FALSE(parseProcStatCpuLine("cpu1 1 2", cpu, c));
}

TEST(ProcParse, MeminfoInBytes) {
    uint64_t bytes = 0;
    const std::string text = "MemTotal:       24684092 kB\nMemAvailable:   1000 kB\n";
    ASSERT_TRUE(parseMeminfoBytes(text, "MemAvailable:", bytes));
    EXPECT_EQ(bytes, 1000u * 1024u);
    ASSERT_TRUE(parseMeminfoBytes(text, "MemTotal:", bytes));
    EXPECT_EQ(bytes, 24684092ull * 1024u);
    EXPECT_FALSE(parseMeminfoBytes(text, "SwapTotal:", bytes));
}
