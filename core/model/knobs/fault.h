#pragma once
// The test-only `fault` knob: makes one worker fail on purpose so tests can
// prove that crashes, hangs and bad exits are reported and cleaned up.
// Grammar: KIND[@worker=W][,task=T], KIND in segv|kill|abort|hang|stop|exit.
//   "segv"                  worker 0 raises SIGSEGV at the start of its first task
//   "kill@worker=1,task=3"  worker 1 sends itself SIGKILL when it starts task 3
//   "hang,task=2"           worker 0 stops making progress when it starts task 2
// stop = SIGSTOP on itself; exit = _exit(3) (a non-zero exit without a signal).

#include "knobs/choices.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oversub {

enum class FaultKind { Segv, Kill, Abort, Hang, Stop, Exit };

template <>
struct ChoiceNames<FaultKind> {
    static constexpr std::array<std::string_view, 6> names{"segv", "kill", "abort", "hang", "stop", "exit"};
};

struct FaultSpec {
    FaultKind kind = FaultKind::Segv;
    int worker = 0; // which worker misbehaves
    int64_t task = -1; // at the start of this task; -1 = the worker's first task
    bool operator==(const FaultSpec&) const = default;
};

// Exit status a worker uses for FaultKind::Exit.
inline constexpr int kFaultExitStatus = 3;

// "" -> nullopt (no fault). Bad text -> InputError("fault", text, grammar).
std::optional<FaultSpec> parseFault(std::string_view text);

// Canonical text: "segv", "kill@worker=1,task=3"; parseFault(format(f)) == f.
std::string formatFault(const FaultSpec& fault);

} // namespace oversub
