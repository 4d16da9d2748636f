// External command runs through the conductor (runExperiment with
// `command`), with real programs: every process of the tree is reported and
// sampled, the thread variables and the cpuset reach the program, failures
// to start or non-zero exits are named, and a timeout leaves nothing of the
// tree alive, not even a child that escaped the process group with setsid.

#include "events/event.h"
#include "runner/conductor.h"
#include "util/input_error.h"

#include "proc_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

using namespace oversub;
using namespace oversub::conductor;
using testing::HasSubstr;

namespace {

struct Capture final : EventSink {
    std::vector<events::Event> all;
    void emit(const events::Event& e) override { all.push_back(e); }
    template <typename T>
    std::vector<T> of() const {
        std::vector<T> out;
        for (const auto& e : all)
            if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
        return out;
    }
    std::vector<int> readyPids() const {
        std::vector<int> pids;
        for (const auto& r : of<events::WorkerReady>()) pids.push_back(r.pid);
        return pids;
    }
    std::set<int> sampledPids() const {
        std::set<int> pids;
        for (const auto& s : of<events::Sample>())
            for (const auto& t : s.snapshot.threads) pids.insert(t.pid);
        return pids;
    }
};

const Topology& machine() {
    static const Topology topology = Topology::load();
    return topology;
}

RunOutcome runCommand(const std::string& command, Capture& sink, double timeoutSeconds = 0,
                      AffinityPolicy affinity = AffinityPolicy::Inherit, int workers = 1, int threads = 1) {
    RunRequest request;
    request.experiment.command = command;
    request.experiment.workers = workers;
    request.experiment.threads = threads;
    request.experiment.affinity = affinity;
    request.experiment.timeoutSeconds = timeoutSeconds;
    request.experiment.rateHz = 20;
    return runExperiment(request, machine(), sink);
}

TEST(ExternalCommand, ThreadVariablesReachTheProgramAndItsRunIsOneTask) {
    Capture sink;
    const RunOutcome outcome =
        runCommand("sh -c 'echo $OMP_NUM_THREADS $OPENBLAS_NUM_THREADS $NUMEXPR_NUM_THREADS $OVERSUB_WORKERS'", sink, 0,
                   AffinityPolicy::Inherit, 2, 3);
    ASSERT_EQ(outcome.status, events::RunStatus::Ok) << (outcome.error ? outcome.error->message : "");
    EXPECT_EQ(outcome.exitCode, ExitCode::Ok);
    ASSERT_TRUE(outcome.done.command);
    const auto& c = *outcome.done.command;
    EXPECT_EQ(c.outputTail, "3 3 3 2\n");
    EXPECT_EQ(c.exitStatus, 0);
    EXPECT_EQ(c.signal, "");
    EXPECT_EQ(c.argv, (std::vector<std::string>{"sh", "-c",
                                                "echo $OMP_NUM_THREADS $OPENBLAS_NUM_THREADS $NUMEXPR_NUM_THREADS "
                                                "$OVERSUB_WORKERS"}));
    EXPECT_EQ(c.threadEnv.size(), 6u);
    EXPECT_EQ(c.threadEnv.at("VECLIB_MAXIMUM_THREADS"), "3");
    ASSERT_EQ(sink.of<events::TaskDone>().size(), 1u);
    EXPECT_EQ(sink.of<events::TaskDone>()[0].task, 0);
    ASSERT_GE(sink.of<events::WorkerReady>().size(), 1u);
    EXPECT_EQ(sink.of<events::WorkerReady>()[0].worker, 0);
    EXPECT_EQ(sink.of<events::RunStarted>().at(0).experiment.value("command", std::string()),
              "sh -c 'echo $OMP_NUM_THREADS $OPENBLAS_NUM_THREADS $NUMEXPR_NUM_THREADS $OVERSUB_WORKERS'");
    // run_done with its command object reads back equal.
    const events::Event back = events::parseEventLine(events::toJsonLine(outcome.done));
    EXPECT_EQ(std::get<events::RunDone>(back), outcome.done);
    EXPECT_TRUE(std::isnan(outcome.done.checksum));
}

TEST(ExternalCommand, EveryDescendantIsReportedSampledAndKilledAtTheTimeout) {
    Capture sink;
    // Three busy subshells, and one that leaves the process group (setsid)
    // while its parent stays: the group kill alone would miss it.
    const RunOutcome outcome = runCommand(
        "sh -c 'for i in 1 2 3; do (while :; do :; done) & done; setsid sh -c \"while :; do sleep 0.01; done\" & wait'",
        sink, 1.0);
    EXPECT_EQ(outcome.status, events::RunStatus::Timeout);
    EXPECT_EQ(outcome.exitCode, ExitCode::TimedOut);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::Timeout);
    const std::vector<int> pids = sink.readyPids();
    ASSERT_GE(pids.size(), 5u); // sh, three subshells, the setsid one (plus its sleeps, when caught)
    const std::set<int> sampled = sink.sampledPids();
    for (int pid : std::vector<int>(pids.begin(), pids.begin() + 5)) EXPECT_TRUE(sampled.count(pid)) << pid;
    EXPECT_THAT(test::alivePids(pids), testing::IsEmpty());
    EXPECT_THAT(test::processesInGroup(pids.front()), testing::IsEmpty());
    // Each process is in run_done.workers with its cpuset; the escaped one had its own session.
    EXPECT_EQ(outcome.done.workers.size(), pids.size());
    for (const auto& w : outcome.done.workers) EXPECT_FALSE(w.cpuset.empty());
    ASSERT_TRUE(outcome.done.command);
    EXPECT_EQ(outcome.done.command->signal, "SIGKILL");
    EXPECT_FALSE(outcome.done.command->exitStatus);
    EXPECT_GT(outcome.done.command->cpuSeconds, 0.0);
    EXPECT_TRUE(sink.of<events::TaskDone>().empty());
}

TEST(ExternalCommand, SingleAffinityAppliesOnePuBeforeExec) {
    Capture sink;
    const RunOutcome outcome =
        runCommand("sh -c 'grep Cpus_allowed_list /proc/self/status'", sink, 0, AffinityPolicy::Single, 2);
    ASSERT_EQ(outcome.status, events::RunStatus::Ok) << (outcome.error ? outcome.error->message : "");
    ASSERT_TRUE(outcome.done.command.has_value());
    const std::string tail = outcome.done.command->outputTail;
    const std::string list = tail.substr(tail.find(':') + 1);
    const std::string trimmed =
        list.substr(list.find_first_not_of(" \t"), list.find('\n') - list.find_first_not_of(" \t"));
    EXPECT_EQ(trimmed.find_first_not_of("0123456789"), std::string::npos) << tail; // one PU, no range or list
    ASSERT_FALSE(sink.of<events::WorkerReady>().empty());
    EXPECT_EQ(sink.of<events::WorkerReady>()[0].cpuset, trimmed);
}

TEST(ExternalCommand, NotFoundIsACommandFailureNamingTheCommand) {
    Capture sink;
    const RunOutcome outcome = runCommand("oversub-no-such-program --flag {workers}", sink);
    EXPECT_EQ(outcome.status, events::RunStatus::Failed);
    EXPECT_EQ(outcome.exitCode, ExitCode::WorkerCrashed);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::CommandFailed);
    EXPECT_EQ(outcome.error->exitStatus, 127);
    EXPECT_THAT(outcome.error->message, HasSubstr("oversub-no-such-program --flag 1"));
    EXPECT_THAT(outcome.error->message, HasSubstr("No such file or directory"));
    ASSERT_TRUE(outcome.done.command.has_value());
    EXPECT_EQ(outcome.done.command->exitStatus, 127);
    EXPECT_TRUE(sink.of<events::WorkerReady>().empty());
    EXPECT_TRUE(sink.of<events::TaskDone>().empty());
}

TEST(ExternalCommand, NotExecutableIsACommandFailure) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("oversub-not-executable-" + std::to_string(::getpid()))).string();
    std::ofstream(path) << "echo should not run\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    Capture sink;
    const RunOutcome outcome = runCommand(path, sink);
    std::filesystem::remove(path);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::CommandFailed);
    EXPECT_EQ(outcome.error->exitStatus, 126);
    EXPECT_THAT(outcome.error->message, HasSubstr(path));
    EXPECT_THAT(outcome.error->message, HasSubstr("Permission denied"));
}

TEST(ExternalCommand, NonZeroExitIsNamedWithItsStatusAndLastOutput) {
    Capture sink;
    const RunOutcome outcome = runCommand("sh -c 'echo cannot open data.csv >&2; exit 3'", sink);
    EXPECT_EQ(outcome.status, events::RunStatus::Failed);
    EXPECT_EQ(outcome.exitCode, ExitCode::WorkerCrashed);
    ASSERT_TRUE(outcome.error);
    EXPECT_EQ(outcome.error->kind, events::ErrorKind::CommandFailed);
    EXPECT_EQ(outcome.error->exitStatus, 3);
    EXPECT_THAT(outcome.error->message, HasSubstr("exited with status 3"));
    EXPECT_THAT(outcome.error->message, HasSubstr("cannot open data.csv"));
    ASSERT_TRUE(outcome.done.command.has_value());
    EXPECT_EQ(outcome.done.command->exitStatus, 3);
    EXPECT_EQ(sink.of<events::TaskDone>().size(), 1u);
}

TEST(ExternalCommand, BadCommandIsRefusedBeforeAnythingStarts) {
    Experiment e;
    e.command = "python3 pool.py {worker}";
    try {
        checkRunnable(e, machine());
        FAIL() << "accepted";
    } catch (const InputError& error) {
        EXPECT_EQ(error.field(), "command");
        EXPECT_THAT(error.what(), HasSubstr("{worker}"));
    }
    e.command = "sh -c 'unclosed";
    EXPECT_THROW(checkRunnable(e, machine()), InputError);
    Capture sink;
    RunRequest request;
    request.experiment = e;
    EXPECT_THROW(runExperiment(request, machine(), sink), InputError);
    EXPECT_TRUE(sink.all.empty());
}

} // namespace
