#pragma once
// Small formatting helpers shared by the advisor's rules and the summary
// tables, so every sentence spells numbers and PU lists the same way; and the
// fix a finding proposes, written once for its sentence and its evidence.

#include "cpuset/cpuset.h"
#include "events/finding.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace oversub::analysis {

// Fixed number of decimals: fixed(1.234, 2) == "1.23".
std::string fixed(double value, int decimals);

// A duration a reader can take in: "850 us", "3.2 ms", "1.50 s".
std::string duration(double seconds);

// Rounded percentage: percent(0.314) == "31%".
std::string percent(double share);

// "PU 0", "PUs 0-1,4", "no PU".
std::string puPhrase(const CpuSet& pus);

// "1 worker", "2 workers".
std::string counted(long long count, const std::string& singular, const std::string& plural);

// One knob a fix changes: `knob` is a name of the knob table (the window maps
// it to its field), `value` what to set, `current` what the run had. A rule
// proposes a change only when the two differ.
struct KnobChange {
    std::string knob, value, current;
};

// What a finding proposes, computed from the run it judged. Knob changes
// are applied together; `shell` is a command for what no knob reaches (an
// inherited mask); `outside` says in words what to do when neither exists.
struct Fix {
    std::vector<KnobChange> knobs;
    std::string shell;
    std::string outside;
};

// The knob changes as flags: "--workers 2 --threads 1" (knobFlag).
std::string flagsOf(const std::vector<KnobChange>& changes);

// What the user types or does: the flags, else the shell command, else the
// words of `outside`.
std::string fixText(const Fix& fix);

// The knob changes as the window's fields: "workers: 2, threads: 1".
std::string fieldsOf(const std::vector<KnobChange>& changes);

// A finding's text for a front end that sets knobs in fields, not flags (the
// window): every change of its fix ("--affinity scatter", from its
// evidence's fix_knobs) named as field and value ("affinity: scatter").
// The command line shows `text` as it is.
std::string windowText(const Finding& finding);

// Adds the fix to a finding's evidence: "fix" (fixText, a string),
// "fix_knobs" [{knob, value, current, flag}] (empty when no knob change
// would help) and, when there is one, "fix_shell".
void addFix(nlohmann::json& evidence, const Fix& fix);

} // namespace oversub::analysis
