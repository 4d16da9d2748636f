// Every fix the advisor proposes changes something: a table of situations,
// each an experiment as the user set it plus what the run measured, goes
// through evidenceFromRun and adviseRun, and for every finding
//  - each knob change names a knob of the knob table, a value the knob takes
//    and a value the experiment did not already have, written as its flag;
//  - every "--knob value" the sentence names differs from the setting too;
//  - the changes applied to the experiment give one that validates and
//    places (the user can apply them as written);
//  - a taskset fix widens to every usable PU, not the mask the run inherited;
//  - a command run is never told about built-in knobs (schedule, delivery ...);
//  - the fix is the one the table expects.

#include "analysis/advisor.h"
#include "analysis/run_evidence.h"
#include "experiment/experiment.h"
#include "knobs/knob_flag.h"
#include "knobs/knob_table.h"
#include "placement/placement.h"
#include "topology/cpu_list.h"
#include "util/input_error.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

using namespace oversub;
using namespace oversub::analysis;
using oversub::topology::uniformTopologyInfo;

namespace {

struct Situation {
    std::string name;
    Experiment experiment;
    std::vector<events::WorkerStats> workers;
    TopologyInfo topology = uniformTopologyInfo(1, 1, 2, 1); // this box: 2 cores x 1 PU
    RunContext context;
    events::Phases phases;
    std::map<std::string, std::string> fixes; // finding id -> evidence "fix"; every finding with a fix is listed
};

Experiment knobs(std::initializer_list<std::pair<const char*, const char*>> values) {
    Experiment x = defaults();
    for (const auto& [name, value] : values) setKnob(x, name, value);
    return x;
}

events::WorkerStats worker(int index, const char* cpuset, double cpuSeconds, int64_t tasks = 4,
                           double waitSeconds = 0) {
    events::WorkerStats w;
    w.worker = index;
    w.pid = 3000 + index;
    w.cpuset = cpuset;
    w.cpuSeconds = cpuSeconds;
    w.tasks = tasks;
    w.runqWaitSeconds = waitSeconds;
    return w;
}

events::Phases computeBound() {
    events::Phases p;
    p.computeSeconds = 0.9;
    p.deliverySeconds = 0.01;
    p.collectSeconds = 0.01;
    return p;
}

events::Phases deliveryBound() {
    events::Phases p;
    p.deliverySeconds = 0.3;
    p.collectSeconds = 0.1;
    p.computeSeconds = 0.2;
    return p;
}

RunContext narrowedTo(std::vector<int> pus, int parentPid) {
    RunContext c;
    c.conductorAllowed = CpuSet::fromVector(pus);
    c.parentPid = parentPid;
    return c;
}

const TopologyInfo kSmt = uniformTopologyInfo(1, 1, 2, 2); // PUs 0,1 = core 0; 2,3 = core 1
const char* kCommand = "python3 pool.py {workers}";

std::vector<Situation> situations() {
    std::vector<Situation> t;
    auto add = [&](std::string name, Experiment x, std::vector<events::WorkerStats> w,
                   std::map<std::string, std::string> fixes) -> Situation& {
        Situation s;
        s.name = std::move(name);
        s.experiment = std::move(x);
        s.workers = std::move(w);
        s.phases = computeBound();
        s.fixes = std::move(fixes);
        t.push_back(std::move(s));
        return t.back();
    };

    // affinity-narrowed: by the policy, by an inherited mask, by the cgroup.
    add("policy single", knobs({{"affinity", "single"}}), {worker(0, "0", 0.95), worker(1, "0", 0.95)},
        {{"affinity-narrowed", "--affinity scatter"}, {"oversubscribed", "--workers 1"}});
    add("custom lists on one PU", knobs({{"affinity", "custom"}, {"cpus", "0;0"}}),
        {worker(0, "0", 0.95), worker(1, "0", 0.95)},
        {{"affinity-narrowed", "--affinity scatter --cpus ''"}, {"oversubscribed", "--workers 1 --cpus 0"}});
    add("taskset -c 0, scatter, 2 workers x 1 thread", knobs({{"workers", "2"}}),
        {worker(0, "0", 0.95, 4, 0.9), worker(1, "0", 0.95, 4, 0.9)},
        {{"affinity-narrowed", "taskset -a -p 0x3 4242"}, {"oversubscribed", "--workers 1"}})
        .context = narrowedTo({0}, 4242);
    add("taskset -c 0, parent unknown, 1 worker x 2 threads", knobs({{"workers", "1"}, {"threads", "2"}}),
        {worker(0, "0", 0.95)}, {{"affinity-narrowed", "taskset -a -p 0x3 $$"}, {"oversubscribed", "--threads 1"}})
        .context = narrowedTo({0}, 0);
    {
        auto& s =
            add("cgroup cpuset of one PU", knobs({}), {worker(0, "0", 0.95), worker(1, "0", 0.95)},
                {{"affinity-narrowed", "give the container or cgroup more CPUs"}, {"oversubscribed", "--workers 1"}});
        s.context = narrowedTo({0}, 4242);
        s.context.cgroupCpus = CpuSet::fromVector({0});
    }
    {
        // Inside a 2-of-4-PU cgroup a narrower parent mask widens only to the cgroup's PUs.
        auto& s = add("taskset inside a cgroup", knobs({}), {worker(0, "0", 0.95), worker(1, "0", 0.95)},
                      {{"affinity-narrowed", "taskset -a -p 0x3 4242"}, {"oversubscribed", "--workers 1"}});
        s.topology = uniformTopologyInfo(1, 1, 4, 1);
        s.context = narrowedTo({0}, 4242);
        s.context.cgroupCpus = CpuSet::fromVector({0, 1});
    }

    // oversubscribed: threads first, then workers; quota; kernels without BLAS threads.
    add("2 workers x 2 threads", knobs({{"threads", "2"}}),
        {worker(0, "0-1", 1.0, 4, 1.0), worker(1, "0-1", 1.0, 4, 1.0)}, {{"oversubscribed", "--threads 1"}});
    add("1 worker x 4 threads", knobs({{"workers", "1"}, {"threads", "4"}}), {worker(0, "0-1", 1.9, 8, 1.0)},
        {{"oversubscribed", "--threads 2"}});
    add("4 workers x 1 thread", knobs({{"workers", "4"}}),
        {worker(0, "0", 0.5, 2, 0.5), worker(1, "1", 0.5, 2, 0.5), worker(2, "0", 0.5, 2, 0.5),
         worker(3, "1", 0.5, 2, 0.5)},
        {{"oversubscribed", "--workers 2"}});
    add("4 workers x 2 threads", knobs({{"workers", "4"}, {"threads", "2"}}),
        {worker(0, "0-1", 0.5, 2, 0.5), worker(1, "0-1", 0.5, 2, 0.5), worker(2, "0-1", 0.5, 2, 0.5),
         worker(3, "0-1", 0.5, 2, 0.5)},
        {{"oversubscribed", "--threads 1 --workers 2"}});
    add("scalar kernel ignores --threads 4", knobs({{"workload", "scalar"}, {"workers", "4"}, {"threads", "4"}}),
        {worker(0, "0", 0.5, 2, 0.5), worker(1, "1", 0.5, 2, 0.5), worker(2, "0", 0.5, 2, 0.5),
         worker(3, "1", 0.5, 2, 0.5)},
        {{"oversubscribed", "--workers 2"}});
    add("cgroup quota of 1 CPU", knobs({}), {worker(0, "0", 0.5, 4, 0.5), worker(1, "1", 0.5, 4, 0.5)},
        {{"oversubscribed", "--workers 1"}})
        .context.cgroupQuotaCpus = 1.0;
    add("cgroup quota of half a CPU, 1 worker x 1 thread", knobs({{"workers", "1"}}), {worker(0, "0-1", 0.5, 8, 0.5)},
        {{"oversubscribed", "raise the cgroup's CPU quota"}})
        .context.cgroupQuotaCpus = 0.5;

    // load-imbalance: from the schedule, the chunk and the task count the run had.
    add("static, even counts, uneven cost", knobs({{"schedule", "static"}}),
        {worker(0, "0", 0.5, 4), worker(1, "1", 1.5, 4)}, {{"load-imbalance", "--schedule dynamic"}});
    add("static with chunk 4", knobs({{"schedule", "static"}, {"chunk", "4"}}),
        {worker(0, "0", 0.5, 4), worker(1, "1", 1.5, 4)}, {{"load-imbalance", "--schedule dynamic --chunk 1"}});
    add("static, 3 tasks on 2 workers", knobs({{"schedule", "static"}, {"tasks", "3"}}),
        {worker(0, "0", 1.5, 2), worker(1, "1", 0.75, 1)}, {{"load-imbalance", "--tasks 4"}});
    add("dynamic, chunk 4", knobs({{"tasks", "12"}, {"chunk", "4"}}), {worker(0, "0", 1.6, 8), worker(1, "1", 0.8, 4)},
        {{"load-imbalance", "--chunk 1"}});
    add("dynamic, chunk 1, even counts", knobs({}), {worker(0, "0", 0.5, 4), worker(1, "1", 1.5, 4)},
        {{"load-imbalance", ""}});
    add("dynamic, chunk 1, 3 tasks on 2 workers", knobs({{"tasks", "3"}}),
        {worker(0, "0", 1.5, 2), worker(1, "1", 0.75, 1)}, {{"load-imbalance", "--tasks 4"}});
    add("command with uneven processes", knobs({{"command", kCommand}, {"schedule", "static"}}),
        {worker(0, "0-1", 0.01, 1), worker(1, "0-1", 1.5, 0), worker(2, "0-1", 0.6, 0)},
        {{"load-imbalance", "balance the work inside the program"}});

    // delivery-dominated: only what the run did not already use.
    for (auto [delivery, result, fix] :
         {std::tuple{"pipe", "full", "--delivery fork --result scalar"}, std::tuple{"fork", "full", "--result scalar"},
          std::tuple{"shm", "scalar", "--iterations 4"}, std::tuple{"pipe", "scalar", "--delivery fork"}})
        add(std::string("delivery ") + delivery + ", result " + result,
            knobs({{"delivery", delivery}, {"result", result}}), {worker(0, "0", 0.3), worker(1, "1", 0.3)},
            {{"delivery-dominated", fix}})
            .phases = deliveryBound();
    add("delivery generate at the most iterations", knobs({{"delivery", "generate"}, {"iterations", "1000000"}}),
        {worker(0, "0", 0.3), worker(1, "1", 0.3)},
        {{"delivery-dominated", "give each task more work (a larger size)"}})
        .phases = deliveryBound();

    // smt-shared: two busy siblings of core 0 while core 1 is free.
    add("smt siblings under compact", knobs({{"affinity", "compact"}}), {worker(0, "0", 0.95), worker(1, "1", 0.95)},
        {{"smt-shared", "--affinity scatter"}})
        .topology = kSmt;
    add("smt siblings under custom lists", knobs({{"affinity", "custom"}, {"cpus", "0;1"}}),
        {worker(0, "0", 0.95), worker(1, "1", 0.95)}, {{"smt-shared", "--affinity scatter --cpus ''"}})
        .topology = kSmt;
    add("smt siblings under scatter", knobs({}), {worker(0, "0", 0.95), worker(1, "1", 0.95)}, {{"smt-shared", ""}})
        .topology = kSmt;

    // Command runs: thread variables, taskset, the affinity the command starts with.
    add("command under taskset -c 0", knobs({{"command", kCommand}, {"affinity", "inherit"}}),
        {worker(0, "0", 0.01, 1), worker(1, "0", 0.95, 0), worker(2, "0", 0.95, 0)},
        {{"affinity-narrowed", "taskset -a -p 0x3 4242"}, {"oversubscribed", "--workers 1"}})
        .context = narrowedTo({0}, 4242);
    add("command that narrowed itself", knobs({{"command", kCommand}, {"affinity", "inherit"}}),
        {worker(0, "0-1", 0.01, 1), worker(1, "0", 0.95, 0), worker(2, "0", 0.95, 0)},
        {{"affinity-narrowed", "widen the affinity inside the program"}, {"oversubscribed", "--workers 1"}});
    add("command under single", knobs({{"command", kCommand}, {"affinity", "single"}}),
        {worker(0, "0", 0.01, 1), worker(1, "0", 0.95, 0), worker(2, "0", 0.95, 0)},
        {{"affinity-narrowed", "--affinity inherit"}, {"oversubscribed", "--workers 1"}});
    add("command, 2 processes x 2 threads", knobs({{"command", kCommand}, {"threads", "2"}}),
        {worker(0, "0-1", 0.01, 1), worker(1, "0-1", 0.95, 0, 0.9), worker(2, "0-1", 0.95, 0, 0.9)},
        {{"oversubscribed", "--threads 1"}});
    add("command starting 4 processes for --workers 2", knobs({{"command", kCommand}, {"affinity", "inherit"}}),
        {worker(0, "0-1", 0.01, 1), worker(1, "0-1", 0.5), worker(2, "0-1", 0.5), worker(3, "0-1", 0.5),
         worker(4, "0-1", 0.5)},
        {{"oversubscribed", "make the program start at most 2 processes"}});
    add("command starting 4 processes for --workers 4",
        knobs({{"command", kCommand}, {"affinity", "inherit"}, {"workers", "4"}}),
        {worker(0, "0-1", 0.01, 1), worker(1, "0-1", 0.5), worker(2, "0-1", 0.5), worker(3, "0-1", 0.5),
         worker(4, "0-1", 0.5)},
        {{"oversubscribed", "--workers 2"}});
    return t;
}

events::RunDone runDone(const Situation& s) {
    events::RunDone done;
    done.wallSeconds = 1.0;
    done.phases = s.phases;
    done.workers = s.workers;
    return done;
}

// Knob name of a "--flag" word ("--cpus" -> "cpus"), "" when it names no knob.
std::string knobOfWord(const std::string& word) {
    if (word.rfind("--", 0) != 0) return "";
    std::string name;
    for (char c : word.substr(2)) name += c == '-' ? '_' : c;
    return findKnob(name) ? name : "";
}

// A flag's value as the sentence spells it: "scalar)." -> "scalar", "''" -> "".
std::string valueOfWord(std::string word) {
    while (!word.empty() && std::string_view(".,;:)`").find(word.back()) != std::string_view::npos) word.pop_back();
    if (word.size() >= 2 && word.front() == '\'' && word.back() == '\'') word = word.substr(1, word.size() - 2);
    return word;
}

// Every "--knob value" pair of a text.
std::vector<std::pair<std::string, std::string>> flagsIn(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string name = knobOfWord(words[i]);
        if (name.empty()) continue;
        out.emplace_back(name, i + 1 < words.size() ? valueOfWord(words[i + 1]) : std::string("(no value)"));
    }
    return out;
}

// Knobs only the built-in kernels read: never advice for a command.
const std::set<std::string> kBuiltInOnly{"schedule", "chunk", "tasks", "delivery", "result", "iterations", "workload"};

void expectChangesSomething(const Situation& s, const Finding& f) {
    SCOPED_TRACE(f.id + ": " + f.text);
    const Experiment& x = s.experiment;
    const bool command = !x.command.empty();
    auto expectNewValue = [&](const std::string& knob, const std::string& value, const std::string& where) {
        SCOPED_TRACE(where + " names --" + knob + " " + value);
        std::string normalised;
        ASSERT_NO_THROW(normalised = validateValue(oversub::knob(knob), value));
        EXPECT_NE(normalised, getKnob(x, knob)) << "the run already had " << knob << " = " << getKnob(x, knob);
        if (command) {
            EXPECT_EQ(kBuiltInOnly.count(knob), 0u) << "a command has no " << knob;
        }
    };
    for (const auto& [knob, value] : flagsIn(f.text)) expectNewValue(knob, value, "the sentence");
    if (!f.evidence.contains("fix")) return;

    const std::string fix = f.evidence.at("fix").get<std::string>();
    for (const auto& [knob, value] : flagsIn(fix)) expectNewValue(knob, value, "the fix");
    ASSERT_TRUE(f.evidence.at("fix_knobs").is_array());
    Experiment changed = x;
    std::string flags;
    for (const auto& change : f.evidence.at("fix_knobs")) {
        const auto knob = change.at("knob").get<std::string>();
        const auto value = change.at("value").get<std::string>();
        ASSERT_NE(findKnob(knob), nullptr) << knob << " is not in the knob table";
        EXPECT_EQ(value, validateValue(oversub::knob(knob), value)) << "not in the knob's normal form";
        expectNewValue(knob, value, "fix_knobs");
        EXPECT_EQ(change.at("current"), getKnob(x, knob));
        EXPECT_EQ(change.at("flag"), knobFlag(knob, value));
        flags += (flags.empty() ? "" : " ") + knobFlag(knob, value);
        setKnob(changed, knob, value);
    }
    if (!flags.empty()) {
        EXPECT_EQ(fix, flags);
        // Applied as written, the experiment is one that runs.
        EXPECT_NO_THROW(validateSinglePoint(changed));
        PlacementRequest request;
        request.workers = changed.workers;
        request.threadsPerWorker = changed.threads;
        request.policy = changed.affinity;
        TopologyInfo machine = s.topology;
        if (!s.context.conductorAllowed.empty()) machine.allowed = s.context.conductorAllowed;
        if (changed.affinity == AffinityPolicy::Custom) request.custom = parseCpuLists(changed.cpus, machine, "cpus");
        EXPECT_NO_THROW(place(request, machine));
    }
    if (f.evidence.contains("fix_shell")) {
        const auto shell = f.evidence.at("fix_shell").get<std::string>();
        CpuSet usable = s.topology.allPus();
        if (!s.context.cgroupCpus.empty()) usable = usable & s.context.cgroupCpus;
        const std::string pid = s.context.parentPid > 0 ? std::to_string(s.context.parentPid) : "$$";
        EXPECT_EQ(shell, "taskset -a -p " + usable.toHexMask() + " " + pid);
        EXPECT_EQ(shell.find(" " + s.context.conductorAllowed.toHexMask() + " "), std::string::npos)
            << "widens to the mask the run already had";
        if (flags.empty()) {
            EXPECT_EQ(fix, shell);
        }
    }
}

} // namespace

TEST(AdviceChanges, TheTableHasTenSituationsAtLeast) { EXPECT_GE(situations().size(), 10u); }

TEST(AdviceChanges, NoFixRepeatsTheCurrentSetting) {
    for (const Situation& s : situations()) {
        SCOPED_TRACE(s.name);
        const RunEvidence e = evidenceFromRun(s.experiment, runDone(s), s.topology, s.context);
        const auto findings = adviseRun(e);
        std::set<std::string> withFix;
        for (const Finding& f : findings) {
            expectChangesSomething(s, f);
            if (f.evidence.contains("fix")) withFix.insert(f.id);
        }
        for (const auto& entry : s.fixes) {
            const std::string& id = entry.first; // a plain reference: clang 14 cannot capture a structured binding
            const std::string& fix = entry.second;
            const auto it =
                std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.id == id; });
            ASSERT_NE(it, findings.end()) << "no " << id;
            EXPECT_EQ(it->evidence.value("fix", std::string("(none)")), fix) << it->text;
        }
        for (const auto& id : withFix) EXPECT_EQ(s.fixes.count(id), 1u) << "the table misses the fix of " << id;
    }
}

TEST(AdviceChanges, TheIssuesTwoPuBoxUnderTasksetGetsNoScatterNorThreadsOne) {
    // `taskset -c 0 oversub-cli run --workers 2`: scatter and --threads 1 are what it already had.
    const auto table = situations();
    const Situation& s = table[2];
    ASSERT_EQ(s.name, "taskset -c 0, scatter, 2 workers x 1 thread");
    for (const auto& f : adviseRun(evidenceFromRun(s.experiment, runDone(s), s.topology, s.context))) {
        EXPECT_EQ(f.text.find("--affinity scatter"), std::string::npos) << f.text;
        EXPECT_EQ(f.text.find("--threads 1"), std::string::npos) << f.text;
    }
}

TEST(AdviceChanges, EvidenceCarriesTheKnobsAsSet) {
    const Experiment x = knobs({{"schedule", "static"},
                                {"chunk", "3"},
                                {"tasks", "9"},
                                {"iterations", "5"},
                                {"affinity", "custom"},
                                {"cpus", "0;1"},
                                {"workload", "scalar"},
                                {"threads", "4"},
                                {"delivery", "pipe"},
                                {"result", "full"}});
    const events::RunDone done;
    const auto e = evidenceFromRun(x, done, uniformTopologyInfo(1, 1, 2, 1));
    EXPECT_FALSE(e.commandRun);
    EXPECT_EQ(e.schedule, "static");
    EXPECT_EQ(e.chunk, 3);
    EXPECT_EQ(e.tasks, 9);
    EXPECT_EQ(e.iterations, 5);
    EXPECT_EQ(e.cpus, "0;1");
    EXPECT_EQ(e.affinityPolicy, "custom");
    EXPECT_EQ(e.delivery, "pipe");
    EXPECT_EQ(e.resultReturn, "full");
    EXPECT_EQ(e.threadsPerWorker, 1); // scalar runs no BLAS threads ...
    EXPECT_EQ(e.threadsSetting, 4); // ... whatever --threads says
    EXPECT_EQ(e.workersSetting, 2);
    Experiment c = x;
    c.command = kCommand;
    EXPECT_TRUE(evidenceFromRun(c, done, uniformTopologyInfo(1, 1, 2, 1)).commandRun);
}

TEST(KnobFlag, RendersAValidatedValueAsTheUserTypesIt) {
    EXPECT_EQ(knobFlag("threads", "1"), "--threads 1");
    EXPECT_EQ(knobFlag("affinity", "SCATTER"), "--affinity scatter");
    EXPECT_EQ(knobFlag("cpus", "0;1"), "--cpus '0;1'");
    EXPECT_EQ(knobFlag("cpus", ""), "--cpus ''");
    EXPECT_EQ(knobFlag("command", "it's"), "--command 'it'\\''s'");
    EXPECT_THROW(knobFlag("threads", "0"), InputError);
    EXPECT_THROW(knobFlag("thread", "1"), InputError);
}
