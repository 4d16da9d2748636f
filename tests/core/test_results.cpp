// Facts about results: records are built from run_started + run_done, the
// JSON round-trips, the JSON and CSV files hold the same numbers, and both
// files are written whole.

#include "events/event_reader.h"
#include "export/csv_reader.h"
#include "export/results.h"
#include "knobs/knob_table.h"
#include "process_temp_dir.h"
#include "test_events_samples.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace oversub;
using namespace oversub::events;

namespace {

// Removed with the process, even when an assertion ends a test early.
std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-results-");
    return dir.path() + "/" + name;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A two-point sweep as the conductor would stream it, one run failing.
std::vector<Event> twoRunStream() {
    Experiment base = defaults();
    base.sweep.axes = {{"workers", {"1", "2"}}};
    base.affinity = AffinityPolicy::Custom;
    base.cpus = "0,1;1"; // a comma inside a CSV field
    std::vector<Event> out;
    out.push_back(Hello{1, "oversub-cli 0.1.0"});
    out.push_back(SweepStarted{oversub::toJson(base), Json{{"pus", 2}}, 2, 2});
    for (int run = 0; run < 2; ++run) {
        Experiment point = base;
        point.sweep = {};
        point.workers = run + 1;
        RunStarted s;
        s.run = run;
        s.point = run;
        s.label = "workers=" + std::to_string(run + 1);
        s.experiment = oversub::toJson(point);
        out.push_back(s);
        RunDone d = std::get<RunDone>(examples::everyKind()[6]);
        d.run = run;
        d.wallSeconds = 1.0 / 3.0 + run;
        d.gflops = 2.0 / 7.0;
        d.status = run == 1 ? RunStatus::Failed : RunStatus::Ok;
        WorkerStats second = d.workers[0];
        second.worker = 1;
        second.cpuset = "0,1";
        second.tasks = 3;
        if (run == 1) d.workers.push_back(second);
        if (run == 1) {
            Error e = std::get<Error>(examples::everyKind()[7]);
            e.run = run;
            e.message = "worker 1 (pid 4242) killed by SIGSEGV during task 7, \"really\"";
            out.push_back(e);
        }
        out.push_back(d);
    }
    SweepDone sd;
    sd.summary = Json::array({{{"point", 0}}});
    out.push_back(sd);
    return out;
}

Results collect(const std::vector<Event>& events) {
    ResultsCollector c;
    for (const auto& e : events) c.add(e);
    return c.results();
}

} // namespace

TEST(Results, RecordComesFromRunStartedAndRunDone) {
    const auto all = examples::everyKind();
    RunStarted s = std::get<RunStarted>(all[2]);
    s.experiment = oversub::toJson(defaults());
    const RunDone d = std::get<RunDone>(all[6]);
    const RunRecord r = fromEvents(s, d, std::vector<Error>{std::get<Error>(all[7])});
    EXPECT_EQ(r.run, 1);
    EXPECT_EQ(r.label, "threads=2");
    EXPECT_TRUE(r.warmup);
    EXPECT_EQ(r.experiment, defaults());
    EXPECT_EQ(r.done.wallSeconds, 1.25);
    EXPECT_EQ(r.errors.size(), 1u);
}

TEST(Results, CollectorBuildsOneRecordPerRunWithItsErrors) {
    const Results results = collect(twoRunStream());
    EXPECT_EQ(results.experiment.sweep.pointCount(), 2u);
    EXPECT_EQ(results.machine["pus"], 2);
    ASSERT_EQ(results.runs.size(), 2u);
    EXPECT_EQ(results.runs[0].experiment.workers, 1);
    EXPECT_EQ(results.runs[1].experiment.workers, 2);
    EXPECT_TRUE(results.runs[0].errors.empty());
    ASSERT_EQ(results.runs[1].errors.size(), 1u);
    EXPECT_EQ(results.runs[1].errors[0].signal, "SIGSEGV");
    EXPECT_EQ(results.summary[0]["point"], 0);
}

TEST(Results, JsonRoundTrips) {
    const Results results = collect(twoRunStream());
    const auto j = toJson(results);
    EXPECT_EQ(j["schema"], 1);
    EXPECT_EQ(j["runs"][1]["status"], "failed");
    EXPECT_TRUE(j["runs"][0].contains("wall_s"));
    EXPECT_TRUE(j["runs"][0]["phases"].contains("spawn_s"));
    EXPECT_TRUE(j["runs"][0]["workers"][0].contains("involuntary_ctx_switches"));
    EXPECT_TRUE(j["runs"][0]["workers"][0].contains("runq_wait_s"));
    const Results back = resultsFromJson(nlohmann::json::parse(j.dump()));
    EXPECT_EQ(back, results);
}

TEST(Results, FilesHoldTheSameNumbers) {
    const Results results = collect(twoRunStream());
    const std::string jsonPath = tempPath("r.json"), csvPath = tempPath("r.csv");
    writeResultsJson(jsonPath, results);
    writeResultsCsv(csvPath, results);
    const Results fromJson = readResultsJson(jsonPath);
    EXPECT_EQ(fromJson, results);
    const std::string csvText = readFile(csvPath);
    EXPECT_NE(csvText.find("\r\n"), std::string::npos);
    const csv::Table table = csv::parseTable(csvText);
    EXPECT_EQ(table.header, resultsCsvHeader());
    const std::set<std::string> unique(table.header.begin(), table.header.end());
    EXPECT_EQ(unique.size(), table.header.size());
    ASSERT_EQ(table.rows.size(), fromJson.runs.size());
    for (size_t i = 0; i < table.rows.size(); ++i) {
        const RunRecord& r = fromJson.runs[i];
        EXPECT_EQ(std::stod(table.at(i, "wall_s")), r.done.wallSeconds);
        EXPECT_EQ(std::stod(table.at(i, "gflops")), r.done.gflops);
        EXPECT_EQ(std::stod(table.at(i, "compute_s")), r.done.phases.computeSeconds);
        EXPECT_EQ(std::stod(table.at(i, "checksum")), r.done.checksum);
        EXPECT_EQ(table.at(i, "status"), toString(r.done.status));
        EXPECT_EQ(std::stoi(table.at(i, "workers")), r.experiment.workers);
        for (const auto& k : knobTable()) EXPECT_EQ(table.at(i, k.name), getKnob(r.experiment, k.name));
    }
    EXPECT_EQ(table.at(1, "worker_cpusets"), "1;0,1");
    EXPECT_EQ(table.at(1, "worker_tasks"), "4;3");
    EXPECT_EQ(table.at(1, "findings"), "oversubscribed");
    EXPECT_EQ(table.at(1, "errors"), results.runs[1].errors[0].message);
    std::remove(jsonPath.c_str());
    std::remove(csvPath.c_str());
}

TEST(Results, BadResultsFilesAreNamed) {
    EXPECT_THROW(resultsFromJson(nlohmann::json::array()), InputError);
    EXPECT_THROW(resultsFromJson(nlohmann::json{{"schema", 9}}), InputError);
    auto j = nlohmann::json::parse(toJson(collect(twoRunStream())).dump());
    j["runs"][0]["wall_s"] = "slow";
    try {
        resultsFromJson(j);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("wall_s"), std::string::npos) << e.what();
    }
    EXPECT_THROW(readResultsJson(tempPath("missing.json")), InputError);
}

TEST(Results, RecordedStreamReplaysIntoResults) {
    std::ifstream in(std::string(OVERSUB_SOURCE_DIR) + "/tests/core/fixtures/events/one-run-two-workers.events",
                     std::ios::binary);
    ASSERT_TRUE(in.good());
    EventReader reader;
    ResultsCollector collector;
    char chunk[97]; // odd size: lines arrive cut anywhere, as from a pipe
    size_t events = 0;
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        reader.feed(std::string_view(chunk, static_cast<size_t>(in.gcount())));
        while (auto e = reader.next()) {
            collector.add(*e);
            ++events;
        }
    }
    EXPECT_EQ(events, 17u);
    const Results& r = collector.results();
    Experiment recorded = defaults(); // recorded before duration: its 8 tasks are explicit
    recorded.tasks = 8;
    recorded.delivery = Delivery::Fork; // the default then
    EXPECT_EQ(r.experiment, recorded);
    ASSERT_EQ(r.runs.size(), 1u);
    ASSERT_EQ(r.runs[0].done.workers.size(), 2u);
    EXPECT_EQ(r.runs[0].done.workers[0].cpuset, "0");
    EXPECT_EQ(r.runs[0].done.workers[1].cpuset, "1");
    EXPECT_EQ(r.runs[0].done.workers[0].tasks + r.runs[0].done.workers[1].tasks, 8);
}
