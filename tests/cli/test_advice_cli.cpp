// The advisor on real runs: the findings a class is meant to see appear when
// the cause is present and stay away when it is not.
//  - a conductor started under `taskset -c 0` hands its one-PU mask to the
//    workers (affinity inherit): affinity-narrowed; the same run unrestricted: not.
//  - GEMM with workers x 2 BLAS threads on all PUs: oversubscribed; x 1: not.
// Facts only: which finding ids the results file holds.

#include "export/results.h"
#include "machine/affinity.h"

#include "process_temp_dir.h"
#include "run_cli.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

using namespace oversub;
using oversub::test::runCli;
using oversub::test::runProgram;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-advice-");
    return dir.path() + "/" + name;
}

std::set<std::string> findingIds(const std::string& resultsPath) {
    const Results results = readResultsJson(resultsPath);
    std::set<std::string> ids;
    for (const auto& f : results.findings) ids.insert(f.id);
    for (const auto& run : results.runs)
        for (const auto& f : run.done.findings) ids.insert(f.id);
    return ids;
}

std::vector<std::string> runArgs(const std::string& out, std::vector<std::string> knobs) {
    std::vector<std::string> args{OVERSUB_CLI_PATH, "run", "--quiet", "--out", out};
    args.insert(args.end(), knobs.begin(), knobs.end());
    return args;
}

int allowedPus() { return static_cast<int>(currentAffinity().count()); }

} // namespace

TEST(AdviceCli, TasksetNarrowedConductorIsReportedAsAffinityNarrowed) {
    if (allowedPus() < 2) GTEST_FAIL() << "this test needs a machine with at least 2 allowed PUs";
    const auto out = tempPath("narrowed.json");
    std::vector<std::string> args{"-c", "0"};
    for (auto& a : runArgs(
             out, {"--workers", "2", "--affinity", "inherit", "--workload", "scalar", "--size", "300", "--tasks", "4"}))
        args.push_back(a);
    const auto narrowed = runProgram("/usr/bin/taskset", args);
    ASSERT_EQ(narrowed.exitStatus, 0) << narrowed.err;
    EXPECT_TRUE(findingIds(out).count("affinity-narrowed")) << narrowed.out;
}

TEST(AdviceCli, ALaunchUnderTasksetIsSaidBeforeTheRunWithTheLaunchersPid) {
    if (allowedPus() < 2) GTEST_FAIL() << "this test needs a machine with at least 2 allowed PUs";
    const auto out = tempPath("launch.json");
    std::vector<std::string> args{"-c", "0"};
    for (auto& a : runArgs(out, {"--workers", "1", "--workload", "scalar", "--size", "64", "--tasks", "1"}))
        args.push_back(a);
    ::setenv("OVERSUB_LAUNCHER_PID", "4242", 1); // as the window sets it for its engines
    const auto narrowed = runProgram("/usr/bin/taskset", args);
    ::unsetenv("OVERSUB_LAUNCHER_PID");
    ASSERT_EQ(narrowed.exitStatus, 0) << narrowed.err;
    EXPECT_NE(narrowed.err.find("oversub-cli: note: Oversub was started allowed only PU 0"), std::string::npos)
        << narrowed.err;
    EXPECT_NE(narrowed.err.find(" 4242` to widen the shell that started Oversub (pid 4242)"), std::string::npos)
        << narrowed.err;

    const auto free = runCli({"run", "--quiet", "--out", tempPath("launch-free.json"), "--workers", "1", "--workload",
                              "scalar", "--size", "64", "--tasks", "1"});
    ASSERT_EQ(free.exitStatus, 0) << free.err;
    EXPECT_EQ(free.err.find("oversub-cli: note: Oversub was started"), std::string::npos) << free.err;
}

TEST(AdviceCli, UnrestrictedInheritIsNotAffinityNarrowed) {
    const auto out = tempPath("free.json");
    auto args = runArgs(
        out, {"--workers", "2", "--affinity", "inherit", "--workload", "scalar", "--size", "300", "--tasks", "4"});
    args.erase(args.begin());
    const auto r = runCli(args);
    ASSERT_EQ(r.exitStatus, 0) << r.err;
    EXPECT_FALSE(findingIds(out).count("affinity-narrowed")) << r.out;
}

TEST(AdviceCli, TwoBlasThreadsPerWorkerOnEveryPuIsOversubscribed) {
    const std::string workers = std::to_string(allowedPus());
    const auto over = tempPath("over.json");
    auto a = runArgs(over, {"--workload", "gemm", "--size", "300", "--tasks", "4", "--workers", workers, "--threads",
                            "2", "--delivery", "generate"});
    a.erase(a.begin());
    const auto r2 = runCli(a);
    ASSERT_EQ(r2.exitStatus, 0) << r2.err;
    EXPECT_TRUE(findingIds(over).count("oversubscribed")) << r2.out;
    // The gauge over the whole run says what the finding says: the same
    // run-queue share, the threads on the PUs the workers were allowed.
    const Results results = readResultsJson(over);
    ASSERT_EQ(results.runs.size(), 1u);
    const events::RunDone& done = results.runs[0].done;
    ASSERT_TRUE(done.gauge.has_value());
    EXPECT_EQ(done.gauge->threadsSeen, 2 * allowedPus());
    EXPECT_EQ(done.gauge->allowedPus, allowedPus());
    // The stream writes shares to 6 decimals; evidence keeps every digit.
    for (const auto& f : done.findings) {
        if (f.id == "oversubscribed") {
            EXPECT_NEAR(f.evidence.at("runq_wait_share").get<double>(), done.gauge->runqWaitShare, 1e-6);
        }
    }

    const auto fits = tempPath("fits.json");
    auto b = runArgs(fits, {"--workload", "gemm", "--size", "300", "--tasks", "4", "--workers", workers, "--threads",
                            "1", "--delivery", "generate"});
    b.erase(b.begin());
    const auto r1 = runCli(b);
    ASSERT_EQ(r1.exitStatus, 0) << r1.err;
    EXPECT_FALSE(findingIds(fits).count("oversubscribed")) << r1.out;
}
