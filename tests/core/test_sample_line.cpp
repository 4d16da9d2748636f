// The sample line written without a JSON tree is, byte for byte, the line
// nlohmann writes from toJson(const Sample&): over edge values (0, 1e-06,
// 2.0, 1e+06, huge counters, NaN), random samples, odd process names (quotes,
// control bytes, bad UTF-8) and with and without the optional fields.

#include "events/event.h"
#include "events/sample_line.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace oversub;
using namespace oversub::events;

namespace {

std::string treeLine(const Sample& s) { return toJson(s).dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

std::string fastLine(const Sample& s) {
    std::string out = "left over from an earlier line";
    writeSampleLine(s, out);
    return out;
}

Sample randomSample(std::mt19937_64& rng, int cpus, int threads) {
    std::uniform_real_distribution<double> share(0, 1);
    std::uniform_int_distribution<uint64_t> counter(0, std::numeric_limits<uint64_t>::max());
    const double edges[] = {0.0, 1e-06, 1e-07, 0.5, 1.0, 2.0, 1e6, 123456.789, -0.25, 0.000123, 1e-05};
    auto pick = [&](int i) { return (rng() % 3 == 0) ? edges[(rng() + i) % std::size(edges)] : share(rng); };
    Sample s;
    s.run = static_cast<int>(rng() % 5) - 1;
    s.snapshot.tSeconds = pick(1) * 100;
    s.snapshot.intervalSeconds = pick(2);
    s.snapshot.monotonicNs = static_cast<int64_t>(rng() >> 1);
    for (int c = 0; c < cpus; ++c) {
        sampler::CpuShare cpu;
        cpu.cpu = c;
        cpu.user = pick(c), cpu.nice = pick(c + 1), cpu.system = pick(c + 2), cpu.irq = pick(c + 3);
        cpu.softirq = pick(c + 4), cpu.steal = pick(c + 5), cpu.iowait = pick(c + 6), cpu.idle = pick(c + 7);
        s.snapshot.cpus.push_back(cpu);
    }
    const char states[] = {'R', 'S', 'D', 'Z', '"', '\\', '\n', static_cast<char>(200)};
    for (int t = 0; t < threads; ++t) {
        sampler::ThreadSample th;
        th.pid = 1000 + t / 4;
        th.tid = 1000 + t;
        th.worker = t % 3 - 1;
        th.cpu = t % (cpus + 1) - 1;
        th.state = states[rng() % std::size(states)];
        th.stateIsFresh = rng() % 2;
        th.user = pick(t), th.system = pick(t + 1), th.run = pick(t + 2), th.runqWait = pick(t + 3);
        th.runNsTotal = counter(rng), th.runqWaitNsTotal = counter(rng), th.utimeTicksTotal = rng() % 100000;
        th.stimeTicksTotal = rng() % 1000, th.timeslicesTotal = counter(rng);
        th.voluntaryCtxSwitches = rng() % 10, th.involuntaryCtxSwitches = counter(rng);
        s.snapshot.threads.push_back(th);
    }
    if (rng() % 2) s.newProcesses = {{1000, "python3"}, {1001, "say \"hi\"\t\x01"}, {1002, "bad \xff\xfe utf8"}};
    if (rng() % 2) {
        analysis::GaugeReading g;
        g.threadsSeen = threads;
        g.demandThreads = pick(9) * 8;
        g.runningThreads = pick(10) * 2;
        g.allowedPus = cpus;
        g.concurrency = pick(11) * 3;
        g.runqWaitShare = pick(12);
        g.involuntarySwitchesPerSecond = pick(13) * 1e6;
        g.band = static_cast<analysis::ConcurrencyBand>(rng() % 5);
        s.gauge = g;
    }
    if (rng() % 2) s.node = "cn-012.cluster_a"; // a watch --job stream's
    return s;
}

} // namespace

TEST(SampleLine, EmptySampleIsTheTreesLine) {
    Sample s;
    EXPECT_EQ(fastLine(s), treeLine(s));
}

TEST(SampleLine, NotFiniteNumbersAreNullOrRoundedAsTheTreeWritesThem) {
    Sample s;
    s.snapshot.tSeconds = std::numeric_limits<double>::quiet_NaN();
    s.snapshot.intervalSeconds = std::numeric_limits<double>::infinity();
    sampler::CpuShare cpu;
    cpu.user = std::numeric_limits<double>::quiet_NaN();
    s.snapshot.cpus.push_back(cpu);
    EXPECT_EQ(fastLine(s), treeLine(s));
    EXPECT_NE(fastLine(s).find("\"t_s\":null"), std::string::npos) << fastLine(s);
}

TEST(SampleLine, RandomSamplesAreByteForByteTheTreesLineAndReadBack) {
    std::mt19937_64 rng(20261206);
    for (int i = 0; i < 300; ++i) {
        const Sample s = randomSample(rng, 1 + i % 9, i % 13);
        const std::string line = fastLine(s);
        ASSERT_EQ(line, treeLine(s)) << "sample " << i;
        ASSERT_EQ(toJsonLine(s), line);
        const auto back = std::get<Sample>(parseEventLine(line));
        ASSERT_EQ(toJsonLine(back), line) << "sample " << i;
    }
}
