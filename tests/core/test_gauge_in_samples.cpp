// The gauge's reading travels in the sample event, computed by the engine:
// the JSON reads back exactly; the run's observer reads the workers' threads
// against the union of the cpusets they reported, and writes nothing before
// any worker said where it may run.

#include "conductor/event_mapping.h"
#include "events/event.h"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

using namespace oversub;

namespace {

struct RecordingSink final : conductor::EventSink {
    std::vector<events::Event> events;
    void emit(const events::Event& e) override { events.push_back(e); }
};

sampler::Snapshot busyThreads(int count, double run, double wait) {
    sampler::Snapshot s;
    s.intervalSeconds = 0.1;
    for (int i = 0; i < count; ++i) {
        sampler::ThreadSample t;
        t.pid = 100 + i;
        t.tid = 100 + i;
        t.worker = i;
        t.run = run;
        t.runqWait = wait;
        s.threads.push_back(t);
    }
    return s;
}

conductor::WorkerReport readyOn(int worker, int pu) {
    conductor::WorkerReport r;
    r.worker = worker;
    r.pid = 100 + worker;
    r.cpuset = CpuSet::fromVector({pu});
    return r;
}

} // namespace

TEST(GaugeInSamples, ReadingReadsBackFromTheJsonLine) {
    events::Sample sample;
    sample.snapshot = busyThreads(2, 0.5, 0.5);
    analysis::GaugeReading g;
    g.threadsSeen = 2;
    g.demandThreads = 2;
    g.runningThreads = 1;
    g.allowedPus = 1;
    g.concurrency = 2;
    g.runqWaitShare = 0.5;
    g.involuntarySwitchesPerSecond = 310;
    g.band = analysis::ConcurrencyBand::Over;
    sample.gauge = g;
    const auto line = events::toJsonLine(sample);
    EXPECT_NE(line.find(R"("gauge":{"threads":2,"demand_threads":2.0,)"), std::string::npos) << line;
    EXPECT_EQ(std::get<events::Sample>(events::parseEventLine(line)), sample);
    sample.gauge.reset();
    EXPECT_EQ(events::toJsonLine(sample).find("gauge"), std::string::npos);
}

TEST(GaugeInSamples, ABandThatIsNotOneOfTheFiveIsNamed) {
    const std::string line =
        R"({"event":"sample","run":0,"t_s":0.1,"interval_s":0.1,"cpus":[],"threads":[],)"
        R"("gauge":{"threads":0,"demand_threads":0,"running_threads":0,"allowed_pus":1,"concurrency":0,)"
        R"("runq_wait_share":0,"involuntary_switches_per_s":0,"band":"huge"}})";
    try {
        events::parseEventLine(line);
        FAIL() << "band \"huge\" was accepted";
    } catch (const events::EventParseError& e) {
        EXPECT_NE(std::string(e.what()).find("band"), std::string::npos) << e.what();
    }
}

TEST(GaugeInSamples, RunObserverReadsTheThreadsAgainstTheWorkersUnionOfPus) {
    conductor::RunRequest request;
    RecordingSink sink;
    conductor::EventObserver observer(request, sink);
    observer.onSample(busyThreads(2, 0.5, 0.5)); // before any worker is ready: no reading
    observer.onWorkerReady(readyOn(0, 0));
    observer.onWorkerReady(readyOn(1, 0)); // both narrowed to PU 0: one PU
    observer.onSample(busyThreads(2, 0.5, 0.5));
    observer.onWorkerReady(readyOn(2, 1));
    observer.onSample(busyThreads(2, 0.5, 0.5));

    std::vector<events::Sample> samples;
    for (const auto& e : sink.events)
        if (const auto* s = std::get_if<events::Sample>(&e)) samples.push_back(*s);
    ASSERT_EQ(samples.size(), 3u);
    EXPECT_FALSE(samples[0].gauge.has_value());
    ASSERT_TRUE(samples[1].gauge.has_value());
    EXPECT_EQ(samples[1].gauge->allowedPus, 1);
    EXPECT_DOUBLE_EQ(samples[1].gauge->concurrency, 2.0);
    EXPECT_DOUBLE_EQ(samples[1].gauge->runqWaitShare, 0.5);
    EXPECT_EQ(samples[1].gauge->band, analysis::ConcurrencyBand::Over);
    ASSERT_TRUE(samples[2].gauge.has_value());
    EXPECT_EQ(samples[2].gauge->allowedPus, 2);
    EXPECT_EQ(samples[2].gauge->band, analysis::ConcurrencyBand::Ideal);
}
