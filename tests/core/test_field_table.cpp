// Facts about field tables (events/field_table.h): a struct round-trips
// through its table, keys come out in table order, a missing required field
// names the event and the field, an absent optional one takes its default;
// and the events' own tables write exactly the lines they always wrote.

#include "events/event.h"
#include "events/field_table.h"
#include "events/process_list.h"
#include "test_events_samples.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace oversub::events;

namespace {

struct Item {
    int id = 0;
    std::string tag;
};

struct Inner {
    double share = 0;
};

struct Probe {
    int count = 0;
    int64_t big = 0;
    uint64_t total = 0;
    double ratio = 0;
    double share = 0;
    double checksum = 0;
    bool flag = true;
    std::string name;
    std::string note = "unset";
    int run = -1;
    std::vector<Item> items;
    Inner inner;
    double twice() const { return 2 * ratio; }
};

constexpr std::tuple kItemFields{
    field("id", &Item::id),
    optionalField("tag", &Item::tag, "none"),
};

constexpr std::tuple kInnerFields{
    shareField("share", &Inner::share),
};

constexpr std::tuple kProbeFields{
    field("count", &Probe::count),
    field("big", &Probe::big),
    optionalField("total", &Probe::total, 7),
    field("ratio", &Probe::ratio),
    derivedField("twice", &Probe::twice),
    optionalShareField("share", &Probe::share, 0.5),
    nanField("checksum", &Probe::checksum),
    optionalField("flag", &Probe::flag, true),
    field("name", &Probe::name),
    optionalField("note", &Probe::note, "default note"),
    nullableField("run", &Probe::run, -1, [](const int& run) { return run >= 0; }),
    arrayField("items", &Probe::items, kItemFields, "probe.items[]"),
    objectField("inner", &Probe::inner, kInnerFields, "probe.inner"),
};

// The same fields, two swapped: the line follows the table.
constexpr std::tuple kSwappedFields{
    field("big", &Probe::big),
    field("count", &Probe::count),
};

Probe filledProbe() {
    Probe p;
    p.count = 3;
    p.big = 5000000000;
    p.total = 12;
    p.ratio = 0.25;
    p.share = 0.1234567;
    p.checksum = std::numeric_limits<double>::quiet_NaN();
    p.flag = false;
    p.name = "probe \"one\"";
    p.note = "note";
    p.run = 2;
    p.items = {{1, "a"}, {2, "b"}};
    p.inner.share = 0.5;
    return p;
}

std::string line(const OrderedJson& j) { return j.dump(); }

Probe readProbe(const std::string& text) { return readTable<Probe>(Json::parse(text), "probe", kProbeFields); }

std::string parseError(const std::string& text) {
    try {
        readProbe(text);
    } catch (const EventParseError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST(FieldTable, AStructRoundTripsThroughItsTable) {
    const Probe p = filledProbe();
    const std::string written = line(tableJson(kProbeFields, p));
    const Probe back = readProbe(written);
    EXPECT_EQ(back.count, 3);
    EXPECT_EQ(back.big, 5000000000);
    EXPECT_EQ(back.total, 12u);
    EXPECT_EQ(back.ratio, 0.25);
    EXPECT_EQ(back.share, 0.123457); // written rounded to 6 decimals
    EXPECT_TRUE(std::isnan(back.checksum));
    EXPECT_FALSE(back.flag);
    EXPECT_EQ(back.name, "probe \"one\"");
    EXPECT_EQ(back.note, "note");
    EXPECT_EQ(back.run, 2);
    ASSERT_EQ(back.items.size(), 2u);
    EXPECT_EQ(back.items[1].id, 2);
    EXPECT_EQ(back.items[1].tag, "b");
    EXPECT_EQ(back.inner.share, 0.5);
    EXPECT_EQ(line(tableJson(kProbeFields, back)), written);
}

TEST(FieldTable, OutputKeyOrderFollowsTheTable) {
    const Probe p = filledProbe();
    EXPECT_EQ(line(tableJson(kProbeFields, p)),
              R"({"count":3,"big":5000000000,"total":12,"ratio":0.25,"twice":0.5,"share":0.123457,)"
              R"("checksum":null,"flag":false,"name":"probe \"one\"","note":"note","run":2,)"
              R"("items":[{"id":1,"tag":"a"},{"id":2,"tag":"b"}],"inner":{"share":0.5}})");
    EXPECT_EQ(line(tableJson(kSwappedFields, p)), R"({"big":5000000000,"count":3})");
    OrderedJson event{{"event", "probe"}};
    writeFields(event, kSwappedFields, p);
    EXPECT_EQ(line(event), R"({"event":"probe","big":5000000000,"count":3})");
}

TEST(FieldTable, AMissingRequiredFieldNamesTheEventAndTheField) {
    EXPECT_EQ(parseError(R"({"big":1,"ratio":1,"checksum":1,"name":"n","items":[],"inner":{"share":0}})"),
              "probe: field 'count' is missing");
    EXPECT_EQ(parseError(R"({"count":1,"big":1,"ratio":1,"checksum":1,"name":"n","items":[{"tag":"x"}],)"
                         R"("inner":{"share":0}})"),
              "probe.items[]: field 'id' is missing");
    EXPECT_EQ(parseError(R"({"count":1,"big":1,"ratio":1,"checksum":1,"name":"n","items":[]})"),
              "probe.inner: expected a JSON object, got null");
    // A null checksum is NaN, but the key itself is required.
    EXPECT_EQ(parseError(R"({"count":1,"big":1,"ratio":1,"name":"n","items":[],"inner":{"share":0}})"),
              "probe: field 'checksum' is missing");
}

TEST(FieldTable, AWrongValueNamesTheFieldAndWhatIsAllowed) {
    EXPECT_EQ(parseError(R"({"count":4294967296,"big":1,"ratio":1,"checksum":1,"name":"n","items":[],)"
                         R"("inner":{"share":0}})"),
              "probe: field 'count' must be a 32-bit integer, got 4294967296");
    EXPECT_EQ(parseError(R"({"count":1,"big":1,"total":-1,"ratio":1,"checksum":1,"name":"n","items":[],)"
                         R"("inner":{"share":0}})"),
              "probe: field 'total' must be a non-negative integer, got -1");
    EXPECT_EQ(parseError(R"({"count":1,"big":1,"ratio":1,"checksum":1,"flag":"yes","name":"n","items":[],)"
                         R"("inner":{"share":0}})"),
              "probe: field 'flag' must be true or false, got \"yes\"");
}

TEST(FieldTable, AnAbsentOrNullOptionalFieldTakesItsDefault) {
    const Probe p = readProbe(R"({"count":1,"big":2,"ratio":1,"checksum":null,"name":"n","note":null,)"
                              R"("items":[{"id":4}],"inner":{"share":0.25}})");
    EXPECT_EQ(p.total, 7u);
    EXPECT_EQ(p.share, 0.5);
    EXPECT_TRUE(std::isnan(p.checksum));
    EXPECT_TRUE(p.flag);
    EXPECT_EQ(p.note, "default note");
    EXPECT_EQ(p.run, -1);
    ASSERT_EQ(p.items.size(), 1u);
    EXPECT_EQ(p.items[0].tag, "none");
}

TEST(FieldTable, AnUnsetNullableFieldIsWrittenAsNull) {
    Probe p = filledProbe();
    p.run = -1;
    EXPECT_TRUE(tableJson(kProbeFields, p).at("run").is_null());
    EXPECT_EQ(readProbe(line(tableJson(kProbeFields, p))).run, -1);
}

// The events' tables: a dropped or swapped entry changes these lines.
TEST(FieldTable, EveryEventKindIsWrittenExactlyAsBefore) {
    const std::vector<std::string> expected{
        R"({"event":"hello","schema":1,"producer":"oversub-cli 0.1.0"})",
        R"({"event":"sweep_started","runs_total":2,"points":2,"experiment":{"schema":1,"sweep":[{"knob":"threads","values":[1,2]}],"workers":2},"machine":{"cpu_model":"Test CPU","pus":2}})",
        R"({"event":"run_started","run":1,"point":1,"label":"threads=2","repetition":0,"warmup":true,"experiment":{"schema":1,"threads":2,"timeout":0.5,"workers":2},"machine":{"allowed_cpuset":"0-1","kernel":"6.1.0"}})",
        R"({"event":"worker_ready","run":1,"worker":1,"pid":4242,"tids":[4242,4243],"cpuset":"1","requested_cpuset":"1","t_s":0.0123})",
        R"({"event":"sample","run":1,"t_s":0.2,"interval_s":0.1,"monotonic_ns":123456789012,"cpus":[{"cpu":0,"user":0.5,"nice":0.01,"system":0.1,"irq":0.001,"softirq":0.002,"steal":0.0,"iowait":0.003,"idle":0.384},{"cpu":1,"user":0.99,"nice":0.0,"system":0.01,"irq":0.0,"softirq":0.0,"steal":0.0,"iowait":0.0,"idle":0.0}],"threads":[{"pid":4242,"tid":4243,"worker":1,"cpu":1,"state":"R","fresh":false,"user":0.9,"system":0.05,"run":0.95,"runq_wait":0.04,"run_ns":95000000,"runq_wait_ns":4000000,"utime_ticks":9,"stime_ticks":1,"timeslices":12,"voluntary_ctx_switches":3,"involuntary_ctx_switches":7}]})",
        R"({"event":"task_done","run":1,"worker":1,"task":7,"t0_s":0.25,"t1_s":0.75,"delivery_s":0.01,"compute_s":0.49})",
        R"({"event":"run_done","run":1,"status":"failed","wall_s":1.25,"timed_s":1.21,"phases":{"prepare_s":0.04,"spawn_s":0.01,"delivery_s":0.02,"compute_s":1.1,"collect_s":0.03,"wait_s":0.05,"teardown_s":0.09},"workers":[{"worker":1,"pid":4242,"cpuset":"1","tasks":4,"cpu_s":1.05,"involuntary_ctx_switches":17,"voluntary_ctx_switches":5,"runq_wait_s":0.125,"spawn_s":0.004,"delivery_s":0.01,"compute_s":1.0,"collect_s":0.02,"wait_s":0.0}],"gflops":12.5,"gbps":0.0,"checksum":12345.678,"findings":[{"id":"oversubscribed","severity":"warning","text":"4 runnable threads on 2 PUs","evidence":{"pus":2,"threads":4}}],"sampling":{"requested_hz":50.0,"achieved_hz":26.5,"longest_gap_s":0.416,"samples":267}})",
        R"({"event":"error","kind":"worker-crashed","run":1,"worker":1,"pid":4242,"signal":"SIGSEGV","exit_status":null,"task":7,"message":"worker 1 (pid 4242) killed by SIGSEGV during task 7"})",
        R"({"event":"progress","runs_done":2,"runs_total":4,"elapsed_s":3.5,"eta_s":3.25})",
        R"({"event":"sweep_done","status":"failed","runs_done":2,"runs_failed":1,"wall_s":2.5,"summary":[{"label":"threads=1","median_wall_s":1.2}]})",
        R"({"event":"watch_done","t_s":3.2,"root_pid":5344,"machine_cpuset":"0-1","peak_runnable_threads":2,"processes":[{"pid":5344,"cpuset":"0"},{"pid":5346,"cpuset":""}],"findings":[{"id":"affinity-narrowed","severity":"problem","text":"ran on PU 0 only","evidence":{"narrowed_pids":[5344]}}]})",
        R"({"event":"node","node":"cn012","job":"4242","topology":{"packages":1,"pus":2}})",
    };
    const auto events = examples::everyKind();
    ASSERT_EQ(events.size(), expected.size());
    for (size_t i = 0; i < events.size(); ++i) {
        // toJson, not toJsonLine: a stream's sample lines have a writer of their own.
        EXPECT_EQ(std::visit([](const auto& e) { return toJson(e).dump(); }, events[i]), expected[i]);
        EXPECT_TRUE(parseEventLine(expected[i]) == events[i]) << expected[i];
    }
}

TEST(FieldTable, TheOptionalPartsOfEventsAreWrittenExactlyAsBefore) {
    RunDone done;
    done.gflops = std::numeric_limits<double>::infinity();
    done.checksum = std::numeric_limits<double>::quiet_NaN();
    done.workingSetBytes = 1 << 20;
    done.fitsIn = "L2";
    done.command = CommandResult{{"sh", "-c", "x"}, 3, "", 0.5, {{"OMP_NUM_THREADS", "2"}, {"A", "b"}}, "tail\n"};
    EXPECT_EQ(toJson(done).dump(),
              R"({"event":"run_done","run":0,"status":"ok","wall_s":0.0,"timed_s":0.0,"phases":{"prepare_s":0.0,)"
              R"("spawn_s":0.0,"delivery_s":0.0,"compute_s":0.0,"collect_s":0.0,"wait_s":0.0,"teardown_s":0.0},)"
              R"("workers":[],"gflops":null,"gbps":0.0,"checksum":null,"findings":[],"working_set_bytes":1048576,)"
              R"("fits_in":"L2","command":{"argv":["sh","-c","x"],"exit_status":3,"signal":"","cpu_seconds":0.5,)"
              R"("thread_env":{"A":"b","OMP_NUM_THREADS":"2"},"output_tail":"tail\n"}})");
    EXPECT_EQ(toJson(Error{}).dump(),
              R"({"event":"error","kind":"internal","run":null,"worker":null,"pid":null,"signal":null,)"
              R"("exit_status":null,"task":null,"message":""})");
    EXPECT_EQ(toJson(Progress{}).dump(),
              R"({"event":"progress","runs_done":0,"runs_total":0,"elapsed_s":0.0,"eta_s":null})");

    Sample sample;
    sample.newProcesses = {{4242, "a\"b"}};
    sample.gauge =
        oversub::analysis::GaugeReading{3, 2.5, 1.25, 2, 1.25, 0.5, 12.5, oversub::analysis::ConcurrencyBand::Over};
    EXPECT_EQ(toJson(sample).dump(),
              R"({"event":"sample","run":-1,"t_s":0.0,"interval_s":0.0,"monotonic_ns":0,"cpus":[],"threads":[],)"
              R"("processes":[{"pid":4242,"name":"a\"b"}],"gauge":{"threads":3,"demand_threads":2.5,)"
              R"("running_threads":1.25,"allowed_pus":2,"concurrency":1.25,"runq_wait_share":0.5,)"
              R"("involuntary_switches_per_s":12.5,"band":"over"}})");

    EXPECT_EQ(processListToJson({{1, 0, "init", "/sbin/init", 1}}).dump(),
              R"({"processes":[{"pid":1,"ppid":0,"name":"init","cmdline":"/sbin/init","threads":1}]})");
}

TEST(FieldTable, EventsNameTheirMissingFieldsAndDefaultFieldsOlderFilesLack) {
    auto message = [](const std::string& text) {
        try {
            parseEventLine(text);
        } catch (const EventParseError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_EQ(message(R"({"event":"task_done","run":0,"worker":0,"task":1,"t0_s":0})"),
              "task_done: field 't1_s' is missing");
    EXPECT_EQ(message(R"({"event":"run_done","run":0,"status":"ok","wall_s":1,"phases":{"spawn_s":0,"delivery_s":0,)"
                      R"("compute_s":0,"collect_s":0},"workers":[{"worker":0}],"checksum":null})"),
              "run_done.workers[]: field 'pid' is missing");

    const Event old = parseEventLine(R"({"event":"run_done","run":0,"status":"ok","wall_s":1,"phases":{"spawn_s":0.5,)"
                                     R"("delivery_s":0,"compute_s":0,"collect_s":0},"workers":[],"checksum":null})");
    const auto& done = std::get<RunDone>(old);
    EXPECT_EQ(done.phases.prepareSeconds, 0);
    EXPECT_EQ(done.phases.spawnSeconds, 0.5);
    EXPECT_EQ(done.gflops, 0);
    EXPECT_TRUE(std::isnan(done.checksum));
    EXPECT_FALSE(done.sampling.has_value());
}

TEST(FieldTable, AWorkersRankIsWrittenOnlyForAnMpiRankAndReadsBack) {
    RunDone done;
    done.workers.resize(2);
    done.workers[1].rank = 0;
    done.workers[1].ompThreads = 4;
    const std::string line = toJson(done).dump();
    const auto json = nlohmann::json::parse(line);
    EXPECT_FALSE(json["workers"][0].contains("rank")); // the launcher: no rank, no key
    EXPECT_FALSE(json["workers"][0].contains("omp_threads"));
    EXPECT_EQ(json["workers"][1]["rank"], 0); // rank 0 is a rank: written
    EXPECT_EQ(json["workers"][1]["omp_threads"], 4);
    EXPECT_TRUE(parseEventLine(line) == Event(done)) << line;
}
