// The knob table itself. Defaults are chosen so that the default experiment
// (GEMM n=1000, 2 workers x 1 thread, scatter, inputs generated in the
// workers, tasks chosen by a probe so it lasts about 4 s) runs long enough to
// be watched on any box. Generated, because a default built by the conductor
// spends its first seconds (and GBs) preparing inputs before anything runs in
// parallel; the data-delivery preset is where delivery is the lesson.

#include "knobs/knob_table.h"

#include "knobs/choices.h"
#include "knobs/knob_limits.h"
#include "util/input_error.h"

namespace oversub {

namespace {

template <typename E>
std::vector<std::string_view> namesOf() {
    const auto& names = ChoiceNames<E>::names;
    return {names.begin(), names.end()};
}

Knob intKnob(std::string_view name, double min, double max, std::string_view def, std::string_view unit,
             std::string_view group, bool sweepable, std::string_view help) {
    Knob k;
    k.name = name;
    k.kind = KnobKind::Int;
    k.min = min;
    k.max = max;
    k.defaultValue = def;
    k.unit = unit;
    k.group = group;
    k.sweepable = sweepable;
    k.help = help;
    return k;
}

Knob doubleKnob(std::string_view name, double min, double max, std::string_view def, std::string_view unit,
                std::string_view group, bool sweepable, std::string_view help) {
    Knob k = intKnob(name, min, max, def, unit, group, sweepable, help);
    k.kind = KnobKind::Double;
    return k;
}

Knob choiceKnob(std::string_view name, std::vector<std::string_view> choices, std::string_view def,
                std::string_view group, std::string_view help) {
    Knob k;
    k.name = name;
    k.kind = KnobKind::Choice;
    k.choices = std::move(choices);
    k.defaultValue = def;
    k.group = group;
    k.sweepable = true;
    k.help = help;
    return k;
}

Knob textKnob(std::string_view name, KnobKind kind, std::string_view group, bool hidden, std::string_view help) {
    Knob k;
    k.name = name;
    k.kind = kind;
    k.defaultValue = "";
    k.group = group;
    k.hidden = hidden;
    k.help = help;
    return k;
}

std::vector<Knob> buildTable() {
    std::vector<Knob> t;
    t.push_back(choiceKnob("workload", namesOf<Workload>(), "gemm", "Workload",
                           "kernel every task runs: GEMM and SVD are compute-bound, elementwise and "
                           "triad memory-bound, scalar a loop that cannot vectorise"));
    t.push_back(intKnob("size", 1, 65536, "1000", "n", "Workload", true,
                        "problem size n of one task (matrix order for gemm, svd and elementwise)"));
    t.push_back(doubleKnob("past_cache", 0, 64, "0", "x LLC", "Workload", false,
                           "above 0: elementwise, triad and scalar tasks are sized by the engine so each worker's "
                           "arrays are at least this many times the largest last-level cache (within memory), "
                           "and size is not used for them; 0 = off, size as given"));
    t.push_back(
        intKnob("iterations", 1, 1e6, "1", "", "Workload", true, "times each task repeats its kernel on its input"));
    t.push_back(intKnob("tasks", 0, 1e6, "0", "", "Workload", true,
                        "number of tasks shared out among the workers; 0: as many as duration asks for. Any "
                        "number from 1 is explicit and wins: duration is then not used"));
    t.push_back(doubleKnob("duration", 0, 3600, "4", "s", "Workload", false,
                           "target wall time of one run when tasks is 0: a short probe of the kernel (once per "
                           "run or sweep) sets tasks so the slowest point lasts about this long, every point "
                           "the same tasks; 0 = off (tasks must then be given)"));
    t.push_back(intKnob("workers", 1, kMaxWorkers, "2", "processes", "Parallelism", true,
                        "worker processes forked by the conductor"));
    t.push_back(intKnob("threads", 1, kMaxThreadsPerWorker, "1", "threads", "Parallelism", true,
                        "BLAS/OpenMP threads inside each worker"));
    t.push_back(choiceKnob("schedule", namesOf<Schedule>(), "dynamic", "Parallelism",
                           "static: tasks split into one chunk per worker up front; dynamic: "
                           "workers take the next chunk from a queue"));
    t.push_back(intKnob("chunk", 1, 1e6, "1", "tasks", "Parallelism", true,
                        "tasks a worker takes per grab under the dynamic schedule"));
    t.push_back(choiceKnob("affinity", namesOf<AffinityPolicy>(), "scatter", "Placement",
                           "where workers may run: inherit the conductor's cpuset, compact, "
                           "scatter (cores before SMT siblings), single PU, or custom lists"));
    t.push_back(textKnob("cpus", KnobKind::CpuLists, "Placement", false,
                         "custom affinity: one cpu list per worker, ';'-separated "
                         "(\"0;1\" or \"0-3,8;4-7\"); one list applies to all workers"));
    t.push_back(choiceKnob("delivery", namesOf<Delivery>(), "generate", "Data",
                           "how a task's input reaches its worker: through a pipe, inherited "
                           "copy-on-write at fork, POSIX shared memory, or generated in the worker"));
    t.push_back(choiceKnob("result", namesOf<ResultReturn>(), "scalar", "Data",
                           "what a task sends back: the full output array or a scalar checksum"));
    t.push_back(intKnob("seed", 0, 4294967295.0, "42", "", "Data", true,
                        "seed of the input data (same seed, same inputs, same checksum)"));
    t.push_back(
        intKnob("repeat", 1, 1000, "1", "runs", "Run", false, "measured repetitions of every experiment point"));
    t.push_back(intKnob("warmup", 0, 100, "0", "runs", "Run", false,
                        "unmeasured warm-up runs before the repetitions of every point"));
    t.push_back(doubleKnob("timeout", 0, 86400, "0", "s", "Run", false,
                           "a run taking longer is stopped and marked timeout (0 = no limit)"));
    t.push_back(doubleKnob("rate", kMinRateHz, kMaxRateHz, "10", "Hz", "Run", false,
                           "samples per second of per-CPU and per-thread activity"));
    t.push_back(textKnob("command", KnobKind::Text, "Workload", false,
                         "your own program to run instead of a built-in kernel; {workers}, {threads}, "
                         "{size}, {iterations}, {tasks}, {seed}, {resources} are replaced, {programs} by the folder "
                         "of Oversub's helper programs (the MPI preset's), and {python} by a "
                         "Python that imports NumPy: $OVERSUB_PYTHON if set, else /usr/bin/python3, else "
                         "python3 on PATH (the run is refused, naming each, when none has NumPy)"));
    t.push_back(textKnob("fault", KnobKind::Text, "Run", true,
                         "test only: make a worker fail, KIND[@worker=W][,task=T] with KIND in "
                         "segv|kill|abort|hang|stop|exit"));
    return t;
}

std::string knownNames() {
    std::string out;
    for (const auto& k : knobTable()) {
        if (!out.empty()) out += ", ";
        out += k.name;
    }
    return out;
}

} // namespace

std::string_view toString(KnobKind kind) {
    switch (kind) {
    case KnobKind::Int: return "int";
    case KnobKind::Double: return "double";
    case KnobKind::Choice: return "choice";
    case KnobKind::Text: return "text";
    case KnobKind::CpuLists: return "cpu-lists";
    case KnobKind::Bool: return "bool";
    }
    return "?";
}

std::string Knob::flag() const {
    std::string out = "--";
    for (char c : name) out += (c == '_') ? '-' : c;
    return out;
}

std::string Knob::allowedText() const {
    switch (kind) {
    case KnobKind::Int:
        return std::to_string(static_cast<long long>(min)) + "-" + std::to_string(static_cast<long long>(max));
    case KnobKind::Double: return formatDouble(min) + "-" + formatDouble(max);
    case KnobKind::Choice: {
        std::string out;
        for (auto c : choices) {
            if (!out.empty()) out += " | ";
            out += c;
        }
        return out;
    }
    case KnobKind::CpuLists: return "cpu lists like \"0-3,8\" or \"0x3\", one per worker, separated by ';'";
    case KnobKind::Bool: return "true | false";
    case KnobKind::Text:
        if (name == "fault") return "KIND[@worker=W][,task=T], KIND in segv|kill|abort|hang|stop|exit";
        return "any text";
    }
    return "";
}

const std::vector<Knob>& knobTable() {
    static const std::vector<Knob> table = buildTable();
    return table;
}

const Knob* findKnob(std::string_view name) {
    for (const auto& k : knobTable())
        if (k.name == name) return &k;
    return nullptr;
}

const Knob& knob(std::string_view name) {
    if (const Knob* k = findKnob(name)) return *k;
    throw InputError("knob", std::string(name), knownNames());
}

} // namespace oversub
