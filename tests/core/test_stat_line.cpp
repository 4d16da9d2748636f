// The one reader of /proc/PID/stat lines (sampler/proc_parse.h,
// splitStatLine) and the three places that use it: the sampler's fields
// (parseTaskStat), the process tree's parent (parseTaskStatPpid) and the
// process list (listProcessInfo). The name ends at the LAST ')', whatever it
// holds; a line cut short is refused, not half-read.

#include "sampler/proc_parse.h"
#include "sampler/process_list_info.h"
#include "sampler/process_tree.h"

#include "process_temp_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

using namespace oversub::sampler;

namespace {

// Fields 3..52 of a thread: state S, ppid 17, utime 7 (14), stime 2 (15),
// num_threads 3 (20), processor 1 (39), exit_code 0 (52).
const std::string kFields =
    "S 17 4242 4242 0 -1 4194368 120 0 0 0 7 2 0 0 20 0 3 0 123456 1000000 200 18446744073709551615 "
    "1 1 0 0 0 0 0 0 0 0 0 0 -1 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

std::string line(const std::string& comm) { return "4243 (" + comm + ") " + kFields; }

} // namespace

TEST(StatLine, NameEndsAtTheLastParenthesis) {
    for (const std::string comm : {"plain", "with space", "a) b", "x) S 99 (", ")", "((", "odd) name (x", ""}) {
        const std::string text = line(comm); // the fields are views into it
        StatLine split;
        ASSERT_TRUE(splitStatLine(text, StatLine::kMaxField, split)) << comm;
        EXPECT_EQ(split.pid, 4243) << comm;
        EXPECT_EQ(split.comm, comm);
        EXPECT_EQ(split.field(3), "S") << comm;
        EXPECT_EQ(split.field(4), "17") << comm;
        EXPECT_EQ(split.field(52), "0") << comm;

        TaskStatFields f;
        ASSERT_TRUE(parseTaskStat(line(comm), f)) << comm;
        EXPECT_EQ(f.state, 'S');
        EXPECT_EQ(f.ppid, 17) << comm;
        EXPECT_EQ(f.utimeTicks, 7u);
        EXPECT_EQ(f.stimeTicks, 2u);
        EXPECT_EQ(f.numThreads, 3);
        EXPECT_EQ(f.cpu, 1);
        int ppid = 0;
        ASSERT_TRUE(parseTaskStatPpid(line(comm), ppid)) << comm;
        EXPECT_EQ(ppid, 17) << comm;
    }
}

TEST(StatLine, FieldsAndNumbers) {
    const std::string text = line("x");
    StatLine split;
    ASSERT_TRUE(splitStatLine(text, 25, split));
    EXPECT_EQ(split.lastField, 25);
    uint64_t rsslim = 0;
    EXPECT_TRUE(split.number(25, rsslim));
    EXPECT_EQ(rsslim, 18446744073709551615u);
    int64_t exitSignal = 0;
    EXPECT_TRUE(split.number(8, exitSignal));
    EXPECT_EQ(exitSignal, -1);
    EXPECT_FALSE(split.number(8, rsslim)) << "-1 is not an unsigned number";
    EXPECT_FALSE(split.number(3, exitSignal)) << "the state is not a number";
    EXPECT_EQ(split.field(26), "") << "past the last field split";
    EXPECT_EQ(split.field(2), "") << "the name is comm, not a field";
    EXPECT_FALSE(split.number(26, rsslim));
}

TEST(StatLine, TruncatedAndMalformedLinesAreRefused) {
    const std::string full = line("a) b");
    StatLine split;
    // Cut anywhere before the last field asked for: refused.
    for (const size_t cut :
         {size_t{0}, size_t{3}, size_t{6}, size_t{10}, size_t{11}, full.find(" 17") + 3, full.find(" -1 1 0") + 3}) {
        TaskStatFields f;
        f.ppid = 99;
        EXPECT_FALSE(parseTaskStat(full.substr(0, cut), f)) << "cut at " << cut;
        EXPECT_EQ(f.ppid, 99) << "a refused line leaves the fields alone";
    }
    EXPECT_FALSE(splitStatLine("4243 (x) S 1 2", 6, split));
    EXPECT_TRUE(splitStatLine("4243 (x) S 1 2", 5, split));
    int ppid = 0;
    EXPECT_FALSE(parseTaskStatPpid("4243 (a) b)", ppid)) << "no field after the last ')'";
    EXPECT_FALSE(parseTaskStatPpid("4243 (x) S", ppid));
    EXPECT_FALSE(parseTaskStatPpid("4243 x) S 1", ppid)) << "no '('";
    EXPECT_FALSE(parseTaskStatPpid("4243 (x S 1", ppid)) << "no ')'";
    EXPECT_FALSE(parseTaskStatPpid("abc (x) S 1", ppid)) << "no pid";
    EXPECT_FALSE(parseTaskStatPpid("(x) S 1", ppid)) << "no pid";
    EXPECT_FALSE(parseTaskStatPpid("4243 (x) S one", ppid)) << "ppid not a number";
    EXPECT_FALSE(parseTaskStatPpid("4243 (x) S 1x", ppid)) << "ppid not a whole number";
    EXPECT_FALSE(splitStatLine(full, 2, split)) << "fields 3.. only";
    EXPECT_FALSE(splitStatLine(full, StatLine::kMaxField + 1, split));
}

TEST(StatLine, ProcessListAndTreeReadTheSameFields) {
    static const oversub::test::ProcessTempDir dir("oversub-stat-line-");
    const std::filesystem::path root = dir.file("proc");
    auto add = [&](int pid, const std::string& stat) {
        std::filesystem::create_directories(root / std::to_string(pid));
        std::ofstream(root / std::to_string(pid) / "stat") << stat;
        std::ofstream(root / std::to_string(pid) / "cmdline") << "";
    };
    add(10, "10 (a) b) " + kFields);
    add(11, "11 (x) S 10 1 1 0 -1 0 0 0 0 0 0 0 0 0 0 0 5\n"); // num_threads 5, field 20 is the last
    add(12, "12 (cut) S 10 1 1 0 -1 0 0 0 0 0 0\n"); // no field 20: not a listed process
    add(13, "13 (cut) S"); // no ppid: not in the tree either

    const auto entries = listProcessInfo(root.string());
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].pid, 10);
    EXPECT_EQ(entries[0].name, "a) b");
    EXPECT_EQ(entries[0].ppid, 17);
    EXPECT_EQ(entries[0].threads, 3);
    EXPECT_EQ(entries[1].pid, 11);
    EXPECT_EQ(entries[1].ppid, 10);
    EXPECT_EQ(entries[1].threads, 5);

    const auto tree = listProcesses(root.string());
    ASSERT_EQ(tree.size(), 3u) << "the tree needs only the parent: 12 is in it, 13 is not";
    auto children = descendantsOf(10, tree);
    std::sort(children.begin(), children.end()); // directory order
    EXPECT_EQ(children, (std::vector<int>{11, 12}));
}
