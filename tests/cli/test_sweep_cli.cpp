// `oversub-cli sweep` end to end with tiny runs: one run per point and
// repetition with the right knob values in the results, warm-ups marked,
// progress events, the summary table, going on past a failure vs --fail-fast,
// and bad lists refused before anything starts.

#include "run_cli.h"

#include "events/event_reader.h"
#include "export/results.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using oversub::test::runCli;

class SweepCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("oversub-sweep-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    // Small, fast, compute-bound: no bandwidth probe is needed for scalar work.
    std::vector<std::string> tiny() const {
        return {"sweep", "--workload", "scalar", "--size", "64", "--tasks", "2", "--delivery", "fork"};
    }
    // The cache is kept inside the test directory.
    std::vector<std::string> env() const { return {"XDG_CACHE_HOME=" + dir_.string()}; }

    fs::path dir_;
};

std::string readFile(const std::string& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_F(SweepCli, OneRunPerPointAndRepetitionWithTheRightKnobs) {
    auto args = tiny();
    for (const char* a : {"--workers", "1,2", "--threads", "1,2", "--repeat", "2", "--warmup", "1"}) args.push_back(a);
    args.insert(args.end(), {"--out", path("r.json"), "--csv", path("r.csv"), "--events", path("e.jsonl")});
    const auto r = runCli(args, "", env());
    ASSERT_EQ(r.exitStatus, 0) << r.err << r.out;

    const auto results = oversub::readResultsJson(path("r.json"));
    ASSERT_EQ(results.runs.size(), 12u); // 4 points x (1 warm-up + 2 repetitions)
    std::map<std::string, int> measured, warmups;
    for (const auto& run : results.runs) {
        EXPECT_EQ(run.done.status, oversub::events::RunStatus::Ok) << run.label;
        const std::string expected =
            "workers=" + std::to_string(run.experiment.workers) + " threads=" + std::to_string(run.experiment.threads);
        EXPECT_EQ(run.label, expected);
        EXPECT_EQ(run.experiment.workload, oversub::Workload::Scalar);
        EXPECT_EQ(run.experiment.size, 64);
        EXPECT_EQ(static_cast<int>(run.done.workers.size()), run.experiment.workers);
        (run.warmup ? warmups : measured)[run.label]++;
    }
    for (const char* label :
         {"workers=1 threads=1", "workers=1 threads=2", "workers=2 threads=1", "workers=2 threads=2"}) {
        EXPECT_EQ(measured[label], 2) << label;
        EXPECT_EQ(warmups[label], 1) << label;
    }
    // Expansion order: the first listed knob varies slowest.
    EXPECT_EQ(results.runs.front().label, "workers=1 threads=1");
    EXPECT_EQ(results.runs.back().label, "workers=2 threads=2");

    // The summary has every point with statistics of 2 measured runs and a speedup.
    const auto& points = results.summary.at("points");
    ASSERT_EQ(points.size(), 4u);
    for (const auto& p : points) {
        EXPECT_EQ(p.at("wall_s").at("count"), 2) << p.dump();
        EXPECT_TRUE(p.contains("speedup")) << p.dump();
    }
    EXPECT_EQ(results.summary.at("base"), "workers=1 threads=1");
    EXPECT_TRUE(points[3].at("above_allowed_pus").get<bool>() == (4 > results.summary.at("allowed_pus").get<int>()));

    // Every run carries the advisor's findings array.
    for (const auto& run : results.runs)
        for (const auto& f : run.done.findings) {
            EXPECT_FALSE(f.id.empty());
            EXPECT_FALSE(f.text.empty());
        }

    // The event stream parses with core's reader; one progress event per run.
    oversub::events::EventReader reader;
    reader.feed(readFile(path("e.jsonl")));
    int progress = 0, runDone = 0, sweepDone = 0;
    while (auto e = reader.next()) {
        progress += std::holds_alternative<oversub::events::Progress>(*e);
        runDone += std::holds_alternative<oversub::events::RunDone>(*e);
        sweepDone += std::holds_alternative<oversub::events::SweepDone>(*e);
    }
    EXPECT_EQ(progress, 12);
    EXPECT_EQ(runDone, 12);
    EXPECT_EQ(sweepDone, 1);

    // The CSV has a header and one row per run.
    const std::string csv = readFile(path("r.csv"));
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 13);

    // The table names the base and every point.
    EXPECT_NE(r.out.find("speedup against the 1x1 point"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("workers=2 threads=2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Karp-Flatt"), std::string::npos) << r.out;
}

TEST_F(SweepCli, EventsOnStdoutKeepTheTableOffIt) {
    auto args = tiny();
    args.insert(args.end(), {"--workers", "1,2", "--events", "-"});
    const auto r = runCli(args, "", env());
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    oversub::events::EventReader reader;
    reader.feed(r.out);
    int events = 0;
    while (reader.next()) ++events; // throws on any line that is not an event
    EXPECT_GT(events, 4);
    EXPECT_NE(r.err.find("workers=2"), std::string::npos) << r.err;
}

TEST_F(SweepCli, GoesOnPastAFailedRunUnlessFailFast) {
    auto args = tiny();
    args.insert(args.end(), {"--workers", "1,2", "--repeat", "2", "--fault", "exit", "--out", path("stop.json")});
    auto failFast = args;
    failFast.push_back("--fail-fast");
    const auto stopped = runCli(failFast, "", env());
    EXPECT_EQ(stopped.exitStatus, 3) << stopped.err; // ExitCode::WorkerCrashed
    // The sweep's warm-up of the first point is the run that fails and stops it.
    EXPECT_EQ(oversub::readResultsJson(path("stop.json")).runs.size(), 1u);

    auto keepGoing = args; // the default
    keepGoing.back() = path("all.json");
    const auto all = runCli(keepGoing, "", env());
    EXPECT_EQ(all.exitStatus, 3) << all.err;
    const auto results = oversub::readResultsJson(path("all.json"));
    EXPECT_EQ(results.runs.size(), 5u); // the first point's warm-up and 2 points x 2 repetitions
    bool runFailed = false;
    for (const auto& f : results.findings) runFailed = runFailed || f.id == "run-failed";
    EXPECT_TRUE(runFailed);
    EXPECT_NE(all.out.find("run-failed"), std::string::npos) << all.out;
}

TEST_F(SweepCli, BadListIsRefusedBeforeAnythingRuns) {
    auto args = tiny();
    args.insert(args.end(), {"--workers", "1,zero", "--out", path("never.json")});
    const auto r = runCli(args, "", env());
    EXPECT_EQ(r.exitStatus, 2);
    EXPECT_NE(r.err.find("workers"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(path("never.json")));
}
