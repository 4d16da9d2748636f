// The readable `oversub-cli watch` (app/cli/watch_table.h): a 2-PU sample's
// table line by line, a 512-PU machine folded into a 40-row terminal (the
// PUs of the watched threads, then the busiest, and a line counting the
// hidden ones, never more lines than the terminal has), and the plain line
// a pipe gets.

#include "watch_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using oversub::cli::ProcessNames;
using oversub::cli::TerminalSize;
using oversub::cli::watchPlainLine;
using oversub::cli::watchTableLines;
using testing::HasSubstr;
using testing::Not;
namespace events = oversub::events;
namespace sampler = oversub::sampler;

namespace {

sampler::CpuShare cpu(int index, double user, double system, double idle) {
    sampler::CpuShare c;
    c.cpu = index;
    c.user = user;
    c.system = system;
    c.idle = idle;
    return c;
}

sampler::ThreadSample thread(int pid, int tid, int onCpu, char state, double run) {
    sampler::ThreadSample t;
    t.pid = pid;
    t.tid = tid;
    t.cpu = onCpu;
    t.state = state;
    t.run = run;
    return t;
}

// Two PUs, a watched process of three threads (two on PU 1) and its gauge.
events::Sample twoPuSample() {
    events::Sample s;
    s.snapshot.tSeconds = 3.25;
    s.snapshot.intervalSeconds = 0.1;
    s.snapshot.cpus = {cpu(0, 0.10, 0.05, 0.85), cpu(1, 0.90, 0.10, 0)};
    s.snapshot.threads = {thread(700, 700, 0, 'S', 0.0), thread(700, 701, 1, 'R', 0.6), thread(700, 702, 1, 'R', 0.4)};
    oversub::analysis::GaugeReading g;
    g.threadsSeen = 3;
    g.allowedPus = 1;
    g.demandThreads = 1.5;
    g.concurrency = 1.5;
    g.runqWaitShare = 0.33;
    g.involuntarySwitchesPerSecond = 120;
    g.band = oversub::analysis::ConcurrencyBand::Over;
    s.gauge = g;
    return s;
}

// `pus` PUs, PU i busy i/pus of the interval: the last PU is the busiest.
events::Sample manyPuSample(int pus) {
    events::Sample s;
    s.snapshot.tSeconds = 1;
    for (int i = 0; i < pus; ++i) {
        const double busy = static_cast<double>(i) / pus;
        s.snapshot.cpus.push_back(cpu(i, busy, 0, 1 - busy));
    }
    return s;
}

} // namespace

TEST(WatchTable, TwoPusWithAWatchedProcess) {
    const ProcessNames names{{700, "python3"}};
    const auto lines = watchTableLines(twoPuSample(), names, "03:41:07", TerminalSize{24, 120});
    const std::vector<std::string> expected{
        "oversub-cli watch  03:41:07  t 3.2 s  2 PUs  busy 57.5%  user 50.0%  system 7.5%",
        "watched: 3 threads on 1 PU, concurrency 1.50x (over), 33% of their time waiting in the run queue, "
        "120 invol. switches/s",
        "   PU   busy   user   nice    sys    irq   sirq  steal iowait  watched threads",
        "    0   15.0   10.0    0.0    5.0    0.0    0.0    0.0    0.0  python3 700 S 0%",
        "    1  100.0   90.0    0.0   10.0    0.0    0.0    0.0    0.0  python3 701 R 60%, python3 702 R 40%",
    };
    EXPECT_EQ(lines, expected);
}

TEST(WatchTable, MachineAloneHasNoWatchedColumn) {
    auto sample = twoPuSample();
    sample.snapshot.threads.clear();
    sample.gauge.reset();
    const auto lines = watchTableLines(sample, {}, "03:41:07", TerminalSize{24, 80});
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_THAT(lines[1], Not(HasSubstr("watched")));
    EXPECT_EQ(lines[2], "    0   15.0   10.0    0.0    5.0    0.0    0.0    0.0    0.0");
}

TEST(WatchTable, FiveHundredTwelvePusFitFortyRows) {
    const auto lines = watchTableLines(manyPuSample(512), {}, "03:41:07", TerminalSize{40, 100});
    ASSERT_EQ(lines.size(), 40u) << "the whole height, not a line more";
    // Header and column titles, 37 PUs, then the line for the other 475.
    EXPECT_THAT(lines[0], HasSubstr("512 PUs"));
    EXPECT_THAT(lines[2].substr(0, 5), "  511") << "busiest first";
    EXPECT_THAT(lines[38].substr(0, 5), "  475");
    EXPECT_THAT(lines[39], HasSubstr("475 of 512 PUs hidden"));
    for (const auto& line : lines) EXPECT_LE(line.size(), 100u) << line;
}

TEST(WatchTable, PusOfWatchedThreadsComeBeforeTheBusiest) {
    auto sample = manyPuSample(512);
    sample.snapshot.threads = {thread(700, 700, 3, 'S', 0), thread(700, 701, 300, 'R', 0.5),
                               thread(700, 702, 5, 'R', 0.2)};
    const auto lines = watchTableLines(sample, {{700, "python3"}}, "03:41:07", TerminalSize{6, 120});
    // Header, gauge line, titles; PUs 300 and 5 (the busier two of the three
    // with a thread), then the hidden line counting PU 3's thread.
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_THAT(lines[3], testing::StartsWith("  300"));
    EXPECT_THAT(lines[3], HasSubstr("python3 701 R 50%"));
    EXPECT_THAT(lines[4], testing::StartsWith("    5"));
    EXPECT_THAT(lines[5], HasSubstr("510 of 512 PUs hidden"));
    EXPECT_THAT(lines[5], HasSubstr(", 1 watched thread"));
}

TEST(WatchTable, NeverTallerOrWiderThanTheTerminal) {
    const auto many = manyPuSample(512);
    const auto two = twoPuSample();
    const ProcessNames names{{700, "a-process-with-a-rather-long-name"}};
    for (int rows = 0; rows <= 8; ++rows) {
        for (int columns : {1, 20, 80}) {
            for (const auto* sample : {&many, &two}) {
                const auto lines = watchTableLines(*sample, names, "03:41:07", TerminalSize{rows, columns});
                EXPECT_LE(lines.size(), static_cast<size_t>(rows)) << rows << "x" << columns;
                for (const auto& line : lines) EXPECT_LE(line.size(), static_cast<size_t>(columns)) << line;
            }
        }
    }
    // One row for PUs and 512 of them: that row says how many are hidden.
    const auto lines = watchTableLines(many, {}, "03:41:07", TerminalSize{3, 200});
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_THAT(lines[2], HasSubstr("512 of 512 PUs hidden"));
}

TEST(WatchTable, ThreadsThatDoNotFitAreCounted) {
    auto sample = twoPuSample();
    for (int tid = 710; tid < 730; ++tid) sample.snapshot.threads.push_back(thread(700, tid, 1, 'R', 0.01));
    const auto lines = watchTableLines(sample, {{700, "python3"}}, "03:41:07", TerminalSize{24, 160});
    ASSERT_EQ(lines.size(), 5u);
    // 22 threads on PU 1: the two most running first, the rest counted.
    EXPECT_THAT(lines[4], HasSubstr("python3 701 R 60%, python3 702 R 40%, "));
    EXPECT_THAT(lines[4], testing::MatchesRegex(".* \\+[0-9]+$"));
    EXPECT_LE(lines[4].size(), 160u);
}

TEST(WatchTable, PlainLineForFewAndManyPus) {
    EXPECT_EQ(watchPlainLine(twoPuSample(), "03:41:07"),
              "time=03:41:07 t_s=3.25 busy=57.5% pu0=15.0% pu1=100.0% threads=3 allowed_pus=1 concurrency=1.50 "
              "band=over runq_wait=33.0%");
    const std::string many = watchPlainLine(manyPuSample(512), "03:41:07");
    EXPECT_EQ(many, "time=03:41:07 t_s=1.00 busy=49.9% pus=512 min=0.0% max=99.8% busiest_pu=511");
    EXPECT_EQ(many.find('\x1b'), std::string::npos);
}
