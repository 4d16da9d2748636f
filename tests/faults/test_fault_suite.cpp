// The fault-injection suite: more than 100 injected faults across worker
// SIGSEGV, SIGKILL, abort(), a non-zero exit, a hang past the timeout,
// SIGSTOP, every delivery and both schedules; conductor SIGKILL, SIGTERM and
// SIGINT while workers run or data is being delivered; results written to a
// place that cannot hold them. After every one: the fault is reported by name
// (exit status and message), no process of the run is alive (by pid and by
// process group), no /dev/shm segment of Oversub's remains, and every output
// file is either complete or absent.
//
// One test per fault class (value-parameterised), so ctest lists, filters
// and runs the classes in parallel; each runs in its own process with its
// own scratch folder. Totals are printed per class, and the coverage test
// keeps the whole suite at 100 faults or more.

#include "export/results.h"

#include "cli_process.h"
#include "proc_checks.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

using namespace oversub;
namespace fs = std::filesystem;

namespace {

struct Totals {
    int faults = 0, reportedByName = 0, orphans = 0, leakedSegments = 0, halfWrittenFiles = 0;
};

// An experiment file of 100,000 unclosed '[', made in each class's scratch folder.
const std::string kDeepExperimentFile = "deep.json";
void writeDeepExperimentFile(const std::string& path) { std::ofstream(path) << std::string(100000, '['); }

// The fault classes, one test each, in the order allFaults() lists them.
// Each ends a ctest test name: letters, digits and '_'.
const std::vector<std::string> kFaultClasses{"worker_segv",
                                             "worker_kill",
                                             "worker_abort",
                                             "worker_exit",
                                             "crash_after_results",
                                             "crash_full_results",
                                             "worker_hang",
                                             "worker_stop",
                                             "command_stop",
                                             "conductor_sigkill",
                                             "conductor_sigterm",
                                             "conductor_sigint",
                                             "cancel_during_delivery",
                                             "unwritable_results",
                                             "refused_outputs",
                                             "hostile_inputs"};

// One injected fault: how to provoke it and what the report must say.
struct Fault {
    std::string faultClass; // one of kFaultClasses
    std::string name;
    std::vector<std::string> args; // oversub-cli arguments (without --events/--out)
    int expectedExit; // exit status oversub-cli must end with
    std::string expectedText; // must appear in stderr (or "" for signal faults)
    int conductorSignal = 0; // sent to oversub-cli once its workers are ready
    std::string expectedWorker = {}; // "worker 1 (pid ": the report names the worker too
    int workers = 2;
};

std::vector<std::string> baseRun(const std::string& delivery, const std::string& schedule, int workers = 2) {
    return {
        "run",     "--workload", "gemm",   "--size",     "48",    "--tasks", "6", "--workers", std::to_string(workers),
        "--quiet", "--delivery", delivery, "--schedule", schedule};
}

// Every fault of every class; `scratch` is where the faults' own files go
// (the deep experiment file, a missing directory). Touches no file itself.
std::vector<Fault> allFaults(const std::string& scratch) {
    std::vector<Fault> faults;
    const std::vector<std::string> deliveries{"pipe", "fork", "shm", "generate"};
    const std::vector<std::string> schedules{"static", "dynamic"};
    struct Kind {
        std::string kind, text;
    };
    const std::vector<Kind> crashes{{"segv", "killed by SIGSEGV"},
                                    {"kill", "killed by SIGKILL"},
                                    {"abort", "killed by SIGABRT"},
                                    {"exit", "exited with status"}};
    // Worker crashes, 4 kinds x 4 deliveries x 3 placements = 48: under the
    // static schedule in the middle of worker 0's and worker 1's chunk (6 tasks,
    // 3 each), and under the dynamic schedule with one worker, which then takes
    // every task. (With two dynamic workers, which worker takes which task is a
    // race, so a fault aimed at one of them might never fire.)
    auto addCrash = [&](const std::string& faultClass, const Kind& c, const std::string& d, const std::string& schedule,
                        int worker, int task, int workers) {
        auto args = baseRun(d, schedule, workers);
        std::string spec = c.kind + "@worker=" + std::to_string(worker);
        if (task >= 0) spec += ",task=" + std::to_string(task);
        args.insert(args.end(), {"--fault", spec});
        faults.push_back(
            {faultClass, spec + " " + d + " " + schedule + " x" + std::to_string(workers), args, 3, c.text});
        faults.back().expectedWorker = "worker " + std::to_string(worker) + " (pid ";
        faults.back().workers = workers;
    };
    for (const auto& c : crashes)
        for (const auto& d : deliveries) {
            addCrash("worker_" + c.kind, c, d, "static", 0, 1, 2);
            addCrash("worker_" + c.kind, c, d, "static", 1, 4, 2);
            addCrash("worker_" + c.kind, c, d, "dynamic", 0, 2, 1);
        }
    // At the last task of a chunk, after results already went back: 2 kinds x 4 deliveries = 8.
    for (const auto& d : deliveries) {
        addCrash("crash_after_results", crashes[0], d, "static", 1, 5, 2);
        addCrash("crash_after_results", crashes[3], d, "static", 0, 2, 2);
    }
    // Full results back through pipes and shm while a worker crashes: 2 kinds x 4 deliveries = 8.
    for (const std::string kind : {"segv", "kill"})
        for (const auto& d : deliveries) {
            auto args = baseRun(d, "static");
            args.insert(args.end(), {"--result", "full", "--fault", kind + "@worker=1"});
            faults.push_back({"crash_full_results", kind + " full results " + d, args, 3, "killed by SIG"});
            faults.back().expectedWorker = "worker 1 (pid ";
        }
    // A worker that hangs past the timeout and one that stops itself (SIGSTOP),
    // 2 kinds x 4 deliveries x (worker 0, worker 1, single dynamic worker) = 24.
    for (const auto& d : deliveries)
        for (int variant = 0; variant < 3; ++variant) {
            const int worker = variant == 1 ? 1 : 0;
            const int workers = variant == 2 ? 1 : 2;
            const std::string schedule = variant == 2 ? "dynamic" : "static";
            auto hang = baseRun(d, schedule, workers);
            hang.insert(hang.end(), {"--fault", "hang@worker=" + std::to_string(worker), "--timeout", "0.4"});
            faults.push_back({"worker_hang", "hang worker " + std::to_string(worker) + " " + d + " " + schedule, hang,
                              4, "timed out"});
            faults.back().workers = workers;
            auto stop = baseRun(d, schedule, workers);
            stop.insert(stop.end(), {"--fault", "stop@worker=" + std::to_string(worker), "--timeout", "5"});
            faults.push_back({"worker_stop", "stop worker " + std::to_string(worker) + " " + d + " " + schedule, stop,
                              3, "stopped by SIGSTOP"});
            faults.back().workers = workers;
        }
    // A process of an external command's tree stops itself (SIGSTOP): 1.
    faults.push_back({"command_stop",
                      "stop command",
                      {"run", "--command", "sh -c 'kill -STOP $$'", "--quiet", "--timeout", "5"},
                      3,
                      "stopped by a signal"});
    // The conductor itself is signalled while its workers run: 3 signals x 4 deliveries = 12.
    for (const auto& d : deliveries) {
        for (int sig : {SIGKILL, SIGTERM, SIGINT}) {
            auto args = baseRun(d, "static");
            args.insert(args.end(), {"--fault", "hang"});
            const std::string abbrev = sigabbrev_np(sig);
            std::string faultClass = "conductor_sig" + abbrev;
            std::transform(faultClass.begin(), faultClass.end(), faultClass.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            Fault f{faultClass, "conductor " + abbrev + " " + d, args, sig == SIGKILL ? 128 + SIGKILL : 5, "", sig};
            faults.push_back(f);
        }
    }
    // Cancel during delivery: big pipe inputs, SIGINT as soon as workers are ready: 2.
    for (const std::string d : {"pipe", "shm"}) {
        std::vector<std::string> args{"run",      "--workload", "elementwise", "--size",  "1500",       "--tasks",
                                      "64",       "--workers",  "2",           "--quiet", "--delivery", d,
                                      "--result", "full"};
        faults.push_back({"cancel_during_delivery", "cancel during delivery " + d, args, 5, "", SIGINT});
    }
    // Results that cannot be written (the directory is a file): 2.
    faults.push_back({"unwritable_results", "results into a file's directory", baseRun("fork", "static"), 7, "cannot"});
    faults.back().args.insert(faults.back().args.end(), {"--out", "/etc/hostname/results.json"});
    faults.push_back({"unwritable_results", "csv into a missing directory", baseRun("shm", "static"), 7, "cannot"});
    faults.back().args.insert(faults.back().args.end(), {"--csv", scratch + "/missing/dir/runs.csv"});
    // Outputs refused before anything runs (a root run used to replace the
    // device node with a regular file): 3.
    for (const char* flag : {"--out", "--csv", "--journal"}) {
        faults.push_back({"refused_outputs", std::string("output ") + flag + " to a device", baseRun("fork", "dynamic"),
                          7, std::string(flag) + " '/dev/full': is a character device"});
        faults.back().args.insert(faults.back().args.end(), {flag, "/dev/full"});
    }
    // Inputs that drove the parser to a crash or a 3 GB read: 2.
    faults.push_back({"hostile_inputs",
                      "experiment nested 100,000 deep",
                      {"run", "--quiet", "--experiment", scratch + "/" + kDeepExperimentFile},
                      2,
                      "nested deeper than 64"});
    faults.push_back({"hostile_inputs",
                      "experiment from /dev/zero",
                      {"run", "--quiet", "--experiment", "/dev/zero"},
                      2,
                      "/dev/zero"});
    return faults;
}

// An output file is whole (parses) or absent.
bool wholeOrAbsent(const std::string& path) {
    if (!fs::exists(path)) return true;
    try {
        readResultsJson(path);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

size_t strayTemporaries(const std::string& scratch) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(scratch))
        if (e.path().filename().string().rfind(".oversub-tmp-", 0) == 0) ++n;
    return n;
}

// A test's parameter: the class it runs, printed bare so that ctest's name
// for the test ends in it.
struct FaultClass {
    std::string name;
};
void PrintTo(const FaultClass& faultClass, std::ostream* out) { *out << faultClass.name; }

// gtest numbers the classes; ctest names each test by the class its
// parameter prints as (".../worker_segv").
std::vector<FaultClass> faultClasses() {
    std::vector<FaultClass> out;
    for (const auto& name : kFaultClasses) out.push_back({name});
    return out;
}

} // namespace

class FaultSuite : public ::testing::TestWithParam<FaultClass> {
protected:
    void SetUp() override {
        scratch_ = std::make_unique<test::ProcessTempDir>("oversub-faults-" + GetParam().name + "-");
        writeDeepExperimentFile(scratch_->file(kDeepExperimentFile));
    }
    void TearDown() override { scratch_.reset(); } // the folder and every file the faults left in it
    std::string scratch() const { return scratch_->path(); }

private:
    std::unique_ptr<test::ProcessTempDir> scratch_;
};

// The faults of one class, run one after the other.
TEST_P(FaultSuite, EveryInjectedFaultIsNamedAndLeavesNothingBehind) {
    std::vector<Fault> faults;
    for (auto& fault : allFaults(scratch()))
        if (fault.faultClass == GetParam().name) faults.push_back(std::move(fault));
    ASSERT_FALSE(faults.empty()) << "no fault of class " << GetParam().name;
    Totals totals;
    int index = 0;
    for (const auto& fault : faults) {
        SCOPED_TRACE(fault.name);
        ++totals.faults;
        const std::string eventsPath = scratch() + "/f" + std::to_string(index) + ".events";
        const std::string outPath = scratch() + "/f" + std::to_string(index) + ".json";
        ++index;
        auto args = fault.args;
        args.insert(args.end(), {"--events", eventsPath});
        const bool writesOut = std::find(args.begin(), args.end(), "--out") == args.end() &&
                               std::find(args.begin(), args.end(), "--csv") == args.end();
        if (writesOut) args.insert(args.end(), {"--out", outPath});

        int exitStatus = -1;
        std::string err;
        if (fault.conductorSignal != 0) {
            const pid_t cli = test::spawnCli(args);
            const auto pids = test::waitForWorkers(eventsPath, 2);
            EXPECT_EQ(pids.size(), 2u) << "workers never reported ready";
            ::kill(cli, fault.conductorSignal);
            exitStatus = test::waitExit(cli);
        } else {
            const auto r = test::runCli(args);
            exitStatus = r.exitStatus;
            err = r.err;
        }
        const bool named = exitStatus == fault.expectedExit &&
                           (fault.expectedText.empty() || err.find(fault.expectedText) != std::string::npos) &&
                           (fault.expectedWorker.empty() || err.find(fault.expectedWorker) != std::string::npos);
        EXPECT_TRUE(named) << "exit " << exitStatus << " (expected " << fault.expectedExit << "), stderr: " << err;
        if (named) ++totals.reportedByName;

        const auto pids = test::workerPidsIn(test::readEventsFile(eventsPath));
        if (!test::waitUntilAllGone(pids, 3000)) {
            ++totals.orphans;
            ADD_FAILURE() << "a worker outlived the run";
            for (int pid : test::alivePids(pids)) ::kill(pid, SIGKILL);
        }
        for (int pid : pids)
            if (!test::processesInGroup(pid).empty()) {
                ++totals.orphans;
                ADD_FAILURE() << "process group " << pid << " still has members";
            }
        const auto segments = test::orphanedShmEntries();
        if (!segments.empty()) {
            ++totals.leakedSegments;
            ADD_FAILURE() << "leaked /dev/shm segment " << segments.front();
        }
        if (!wholeOrAbsent(outPath) || strayTemporaries(scratch()) != 0) {
            ++totals.halfWrittenFiles;
            ADD_FAILURE() << "half-written output";
        }
    }
    std::printf("fault class %s: %d faults, %d reported by name, %d orphans, %d leaked segments, "
                "%d half-written files\n",
                GetParam().name.c_str(), totals.faults, totals.reportedByName, totals.orphans, totals.leakedSegments,
                totals.halfWrittenFiles);
    EXPECT_EQ(totals.reportedByName, totals.faults);
    EXPECT_EQ(totals.orphans, 0);
    EXPECT_EQ(totals.leakedSegments, 0);
    EXPECT_EQ(totals.halfWrittenFiles, 0);
}

INSTANTIATE_TEST_SUITE_P(Classes, FaultSuite, ::testing::ValuesIn(faultClasses()));

// The classes together inject at least 100 faults, and every fault belongs
// to exactly one class that has a test (a fault in no class would never run).
TEST(FaultSuiteCoverage, AtLeast100FaultsEachInAClassThatRuns) {
    const auto faults = allFaults("/nonexistent-scratch"); // only counted, never run
    EXPECT_GE(faults.size(), 100u);
    const std::set<std::string> classes(kFaultClasses.begin(), kFaultClasses.end());
    EXPECT_EQ(classes.size(), kFaultClasses.size()) << "a class is listed twice";
    std::map<std::string, int> perClass;
    for (const auto& fault : faults) {
        EXPECT_TRUE(classes.count(fault.faultClass))
            << fault.name << ": class '" << fault.faultClass << "' has no test";
        ++perClass[fault.faultClass];
    }
    for (const auto& c : kFaultClasses) EXPECT_GT(perClass[c], 0) << "class " << c << " has no fault";
    std::printf("fault suite: %zu faults in %zu classes\n", faults.size(), kFaultClasses.size());
}
