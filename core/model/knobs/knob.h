#pragma once
// One knob of an experiment, described once. The CLI flags, the experiment
// file, the window's configuration panel and `oversub-cli knobs` are all built
// from these descriptions (knob_table.h), so a range or a default cannot
// disagree between front ends.

#include <string>
#include <string_view>
#include <vector>

namespace oversub {

enum class KnobKind {
    Int, // whole number in [min, max]
    Double, // finite number in [min, max]
    Choice, // one of `choices`
    Text, // free text, checked by the knob's own grammar if it has one
    CpuLists, // "LIST[;LIST...]", each LIST a cpu list ("0-3,8") or hex mask ("0x3")
    Bool, // true | false
};

std::string_view toString(KnobKind kind); // "int", "double", "choice", "text", "cpu-lists", "bool"

struct Knob {
    std::string_view name; // snake_case: experiment-file key; CLI flag is --name-with-dashes
    KnobKind kind = KnobKind::Int;
    double min = 0; // Int and Double only (integers up to 2^53 are exact)
    double max = 0;
    std::string_view defaultValue; // normalised text form, as validateValue() returns it
    std::string_view unit; // "" when unitless
    std::string_view help; // one line
    std::vector<std::string_view> choices; // Choice only, in choices.h order
    bool sweepable = false; // may take a list "1,2,4" in a sweep
    bool hidden = false; // not in help, `knobs` or the window's default panel
    std::string_view group; // window panel section: Workload, Parallelism, Placement, Data, Run

    std::string flag() const; // "--workers", "--cpus"
    std::string allowedText() const; // "1-4096", "gemm | elementwise | ...", for errors and help
};

} // namespace oversub
