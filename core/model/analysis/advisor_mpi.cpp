#include "analysis/advisor_mpi.h"

#include "analysis/advice_text.h"

#include <algorithm>

namespace oversub::analysis {

namespace {

constexpr size_t kRanksListed = 4; // a sentence names this many ranks, then "..."

std::vector<const WorkerEvidence*> ranksOf(const RunEvidence& e) {
    std::vector<const WorkerEvidence*> ranks;
    for (const auto& w : e.workerStats)
        if (w.rank >= 0) ranks.push_back(&w);
    std::sort(ranks.begin(), ranks.end(), [](const auto* a, const auto* b) { return a->rank < b->rank; });
    return ranks;
}

// Threads a rank runs: its own OMP_NUM_THREADS, else what Oversub gave it.
int threadsOf(const RunEvidence& e, const WorkerEvidence& rank) {
    return rank.ompThreads > 0 ? rank.ompThreads : e.threadsPerWorker;
}

CpuSet unionOf(const std::vector<const WorkerEvidence*>& ranks) {
    CpuSet all;
    for (const auto* r : ranks) all |= r->cpuset;
    return all;
}

double waitShareOf(const std::vector<const WorkerEvidence*>& ranks) {
    double wait = 0, wanted = 0;
    for (const auto* r : ranks) {
        wait += r->runqWaitSeconds;
        wanted += r->runqWaitSeconds + r->busySeconds;
    }
    return wanted > 0 ? wait / wanted : 0;
}

std::string waitPhrase(const std::vector<const WorkerEvidence*>& ranks) {
    const double share = waitShareOf(ranks);
    return share > 0 ? percent(share) + " of their time waiting in the run queue" : "run-queue wait not measured";
}

// The PUs of one core that hold all of `pus`; empty when they span cores
// (one PU counts as a core of its own when the SMT layout is unknown).
CpuSet coreHolding(const RunEvidence& e, const CpuSet& pus) {
    if (pus.empty()) return {};
    for (const CpuSet& core : e.corePus)
        if ((pus & core) == pus) return core;
    return e.corePus.empty() && pus.count() == 1 ? pus : CpuSet{};
}

// Every rank bound to the same PUs of one core while the run could use more.
bool allRanksOnOneCore(const RunEvidence& e, const std::vector<const WorkerEvidence*>& ranks) {
    if (ranks.size() < 2 || ranks.front()->cpuset.empty()) return false;
    const CpuSet& shared = ranks.front()->cpuset;
    if (!std::all_of(ranks.begin(), ranks.end(), [&](const auto* r) { return r->cpuset == shared; })) return false;
    return !coreHolding(e, shared).empty() && usablePus(e).count() > shared.count();
}

// Ranks running more threads than their binding has PUs, when the ranks
// together could have had more PUs (else the thread count, not the binding,
// is what holds them: oversubscribed).
std::vector<const WorkerEvidence*> confinedRanks(const RunEvidence& e,
                                                 const std::vector<const WorkerEvidence*>& ranks) {
    std::vector<const WorkerEvidence*> confined;
    int threads = 0;
    for (const auto* r : ranks) {
        threads += threadsOf(e, *r);
        if (!r->cpuset.empty() && threadsOf(e, *r) > 1 && threadsOf(e, *r) > r->cpuset.count()) confined.push_back(r);
    }
    if (unionOf(ranks).count() >= std::min(usablePus(e).count(), threads)) return {};
    return confined;
}

nlohmann::json rankList(const RunEvidence& e, const std::vector<const WorkerEvidence*>& ranks) {
    auto out = nlohmann::json::array();
    for (const auto* r : ranks)
        out.push_back(
            {{"rank", r->rank}, {"pid", r->pid}, {"cpuset", r->cpuset.toList()}, {"threads", threadsOf(e, *r)}});
    return out;
}

// "rank 0: PU 0, rank 1: PU 1"
std::string bindings(const std::vector<const WorkerEvidence*>& ranks) {
    std::string text;
    for (size_t i = 0; i < ranks.size() && i < kRanksListed; ++i)
        text += (i ? ", rank " : "rank ") + std::to_string(ranks[i]->rank) + ": " + puPhrase(ranks[i]->cpuset);
    return text + (ranks.size() > kRanksListed ? ", ..." : "");
}

std::string str(long long value) { return std::to_string(value); }

} // namespace

int mpiRanks(const RunEvidence& evidence) {
    return static_cast<int>(std::count_if(evidence.workerStats.begin(), evidence.workerStats.end(),
                                          [](const WorkerEvidence& w) { return w.rank >= 0; }));
}

bool rankBindingExplainsNarrowing(const RunEvidence& e) {
    const auto ranks = ranksOf(e);
    return allRanksOnOneCore(e, ranks) || !confinedRanks(e, ranks).empty();
}

void ranksOnOneCore(const RunEvidence& e, std::vector<Finding>& out) {
    const auto ranks = ranksOf(e);
    if (!allRanksOnOneCore(e, ranks)) return;
    const CpuSet& shared = ranks.front()->cpuset;
    const CpuSet usable = usablePus(e);
    std::string text = (ranks.size() == 2 ? std::string("both MPI ranks were")
                                          : "all " + str(static_cast<long long>(ranks.size())) + " MPI ranks were") +
                       " bound to " + puPhrase(shared) + ", one core, while the run could use " + puPhrase(usable) +
                       ": they take turns on it, " + waitPhrase(ranks) +
                       ". This is the MPI form of an affinity inherited from the parent";

    Fix fix;
    std::string cause;
    if (commandStartPus(e) <= shared.count()) {
        // The launcher was started there and gave its ranks what it had.
        cause = "inherited";
        if (e.affinityPolicy != "inherit") {
            fix.knobs.push_back({"affinity", "inherit", e.affinityPolicy});
            text += ": the affinity policy '" + e.affinityPolicy + "' started the launcher on " + puPhrase(shared) +
                    " and its ranks inherited it. Fix: use " + flagsOf(fix.knobs) + ".";
        } else {
            fix.shell = "taskset -a -p " + usable.toHexMask() + " " +
                        (e.parentPid > 0 ? std::to_string(e.parentPid) : std::string("$$"));
            text += ": the launcher inherited " + puPhrase(shared) + " from its parent. Fix: run `" + fix.shell +
                    "` to widen the parent shell and start again.";
        }
    } else {
        cause = "launcher";
        fix.outside = "bind one rank per core: mpirun --map-by core --bind-to core (Open MPI), srun --cpu-bind=cores "
                      "(Slurm)";
        text += ": the launcher bound them there (a rankfile, --cpu-set, srun --cpu-bind=map_cpu with one CPU), "
                "although it was started on " +
                str(commandStartPus(e)) + " PUs. Fix: " + fix.outside + ".";
    }
    nlohmann::json evidence{{"ranks", rankList(e, ranks)},
                            {"shared_cpuset", shared.toList()},
                            {"usable_cpuset", usable.toList()},
                            {"runq_wait_share", waitShareOf(ranks)},
                            {"cause", cause}};
    addFix(evidence, fix);
    out.push_back({std::string(kRanksOnOneCore), std::string(kSeverityProblem), text, std::move(evidence)});
}

void rankThreadsConfined(const RunEvidence& e, std::vector<Finding>& out) {
    const auto ranks = ranksOf(e);
    if (allRanksOnOneCore(e, ranks)) return; // the larger story: ranks-on-one-core
    const auto confined = confinedRanks(e, ranks);
    if (confined.empty()) return;
    int threads = 0, rankThreads = 0;
    for (const auto* r : confined) threads = std::max(threads, threadsOf(e, *r));
    for (const auto* r : ranks) rankThreads += threadsOf(e, *r);
    const CpuSet usable = usablePus(e);
    const CpuSet reach = unionOf(ranks);

    std::string text = confined.size() == ranks.size() && ranks.size() > 1
                           ? "each of the " + str(static_cast<long long>(ranks.size())) + " MPI ranks runs "
                           : counted(static_cast<long long>(confined.size()), "MPI rank runs ", "MPI ranks run ");
    text += counted(threads, "thread", "threads") + " on fewer PUs than that (" + bindings(confined) +
            "), while the ranks could use " + puPhrase(usable) + ": the threads of a rank take turns, " +
            waitPhrase(confined) +
            ". That is a core binding (mpirun --bind-to core, Open MPI's default for 2 ranks or fewer, or srun "
            "--cpu-bind=cores) with OMP_NUM_THREADS=" +
            str(threads) + ".";
    Fix fix;
    if (static_cast<int>(ranks.size()) * threads <= usable.count())
        fix.outside = "give each rank " + str(threads) + " PUs: mpirun --map-by slot:PE=" + str(threads) +
                      " (Open MPI), srun --cpus-per-task=" + str(threads) + " (Slurm), or mpirun --bind-to none";
    else
        fix.outside = "unbind the ranks (mpirun --bind-to none) and keep ranks x threads within " +
                      counted(usable.count(), "PU", "PUs") + " (oversubscribed)";
    text += " Fix: " + fix.outside + ".";
    nlohmann::json evidence{{"ranks", rankList(e, ranks)},        {"confined_ranks", rankList(e, confined)},
                            {"reachable_cpuset", reach.toList()}, {"usable_cpuset", usable.toList()},
                            {"rank_threads", rankThreads},        {"runq_wait_share", waitShareOf(confined)}};
    addFix(evidence, fix);
    out.push_back({std::string(kRankThreadsConfined), std::string(kSeverityProblem), text, std::move(evidence)});
}

} // namespace oversub::analysis
