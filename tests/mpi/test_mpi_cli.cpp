// `oversub-cli run --command 'mpirun ...'` end to end with Debian's Open MPI
// and the MPI + OpenMP program Oversub builds (resources/mpi): the ranks are
// found in the launcher's tree with their rank and the binding the program
// itself reads after MPI_Init, and the advisor tells the cases apart:
// 2 ranks x 1 thread on this 2-PU box is not oversubscribed, 2 x 2 is; one
// rank bound to a core with 2 threads is confined; unbound ranks of an
// mpirun started on one PU share it. Built only when CMake found MPI (tests/CMakeLists.txt).

#include "events/event.h"

#include "cli_process.h"
#include "process_temp_dir.h"
#include "run_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>

using namespace oversub;
using testing::Contains;
using testing::Not;

namespace {

std::string tempPath(const std::string& name) {
    static const test::ProcessTempDir dir("oversub-test-mpi-");
    return dir.path() + "/" + name;
}

// Open MPI refuses to start as root (CI's user) unless told twice.
const std::vector<std::string> kMpiEnvironment = {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"};

// About 0.3 s of CPU in all: 8 tasks of 2236 x 2236 (5 M) dependent FMAs.
std::string mpiCommand(const std::string& mpirunOptions) {
    return "mpirun --oversubscribe " + mpirunOptions + " {programs}/oversub-mpi-omp --tasks 8 --size 2236";
}

events::RunDone runMpi(const std::string& name, const std::string& mpirunOptions, int threads,
                       const std::string& affinity = "inherit") {
    const std::string eventsPath = tempPath(name + ".jsonl");
    const auto r = test::runCli({"run", "--command", mpiCommand(mpirunOptions), "--threads", std::to_string(threads),
                                 "--affinity", affinity, "--quiet", "--events", eventsPath},
                                "", kMpiEnvironment);
    if (r.exitStatus != 0) throw std::runtime_error("oversub-cli run failed: " + r.err);
    const auto done = test::eventsOfKind<events::RunDone>(test::readEventsFile(eventsPath));
    if (done.size() != 1) throw std::runtime_error("expected one run_done");
    return done.front();
}

std::vector<std::string> findingIds(const events::RunDone& done) {
    std::vector<std::string> ids;
    for (const auto& f : done.findings) ids.push_back(f.id);
    return ids;
}

std::vector<events::WorkerStats> ranksOf(const events::RunDone& done) {
    std::vector<events::WorkerStats> ranks;
    for (const auto& w : done.workers)
        if (w.rank >= 0) ranks.push_back(w);
    return ranks;
}

// pid -> cpus, from the program's own "rank rank=R pid=P cpus=LIST threads=T" lines.
std::map<int, std::string> bindingsPrinted(const events::RunDone& done) {
    std::map<int, std::string> out;
    const std::regex line(R"(rank rank=\d+ pid=(\d+) cpus=(\S+) threads=\d+)");
    const std::string& tail = done.command->outputTail;
    for (auto it = std::sregex_iterator(tail.begin(), tail.end(), line); it != std::sregex_iterator(); ++it)
        out[std::stoi((*it)[1])] = (*it)[2];
    return out;
}

} // namespace

TEST(MpiCli, TwoRanksOfOneThreadAreFoundWithTheBindingTheyReadThemselves) {
    const events::RunDone done = runMpi("two-by-one", "-np 2", 1);
    ASSERT_EQ(done.status, events::RunStatus::Ok);
    const auto ranks = ranksOf(done);
    ASSERT_EQ(ranks.size(), 2u);
    const auto printed = bindingsPrinted(done);
    ASSERT_EQ(printed.size(), 2u) << done.command->outputTail;
    for (const auto& rank : ranks) {
        ASSERT_TRUE(printed.count(rank.pid)) << "rank pid " << rank.pid << " not in " << done.command->outputTail;
        EXPECT_EQ(rank.cpuset, printed.at(rank.pid)) << "rank " << rank.rank;
        EXPECT_EQ(rank.ompThreads, 1);
    }
    EXPECT_THAT(findingIds(done), Not(Contains("oversubscribed")));
    EXPECT_THAT(findingIds(done), Not(Contains("rank-threads-confined")));
    EXPECT_THAT(findingIds(done), Not(Contains("ranks-on-one-core")));
}

TEST(MpiCli, TwoRanksOfTwoThreadsOnTwoPusAreOversubscribed) {
    const events::RunDone done = runMpi("two-by-two", "-np 2", 2);
    ASSERT_EQ(done.status, events::RunStatus::Ok);
    ASSERT_EQ(ranksOf(done).size(), 2u);
    EXPECT_THAT(findingIds(done), Contains("oversubscribed"));
    for (const auto& f : done.findings) {
        if (f.id == "oversubscribed") {
            EXPECT_THAT(f.text, testing::HasSubstr("(2 MPI ranks x 2 threads)"));
        }
    }
}

TEST(MpiCli, OneRankBoundToACoreWithTwoThreadsIsConfined) {
    const events::RunDone done = runMpi("bound", "-np 1 --bind-to core", 2);
    ASSERT_EQ(done.status, events::RunStatus::Ok);
    const auto ranks = ranksOf(done);
    ASSERT_EQ(ranks.size(), 1u);
    EXPECT_EQ(ranks[0].cpuset.find_first_of(",-"), std::string::npos) << ranks[0].cpuset; // one PU
    EXPECT_THAT(findingIds(done), Contains("rank-threads-confined"));
    EXPECT_THAT(findingIds(done), Not(Contains("affinity-narrowed")));
}

TEST(MpiCli, UnboundRanksOfALauncherStartedOnOnePuShareIt) {
    // Open MPI's own binding (to a core, for 2 ranks) ignores the mask mpirun
    // inherited; without it the ranks inherit mpirun's one PU.
    const events::RunDone done = runMpi("single", "-np 2 --bind-to none", 1, "single");
    ASSERT_EQ(done.status, events::RunStatus::Ok);
    const auto ranks = ranksOf(done);
    ASSERT_EQ(ranks.size(), 2u);
    EXPECT_EQ(ranks[0].cpuset, ranks[1].cpuset);
    EXPECT_THAT(findingIds(done), Contains("ranks-on-one-core"));
}
