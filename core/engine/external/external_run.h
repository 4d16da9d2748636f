#pragma once
// One run of an external command (experiment `command`), on the conductor's
// single thread: fork, a process group of its own, the cpuset and the thread
// variables set before exec, stdout + stderr captured into a bounded tail,
// and the whole process tree followed through /proc while it runs.
//
// While the command runs the conductor is a child subreaper
// (PR_SET_CHILD_SUBREAPER), so a descendant whose parent dies (a daemonised
// helper, a child that called setsid) is re-parented to it: it stays in view,
// is killed at the end and its CPU time is counted. At each scan of the tree
// (at the sample rate, kept within 5-10 Hz) every new process of the tree is
// watched by the sampler and reported once through RunObserver::onWorkerReady
// (worker = discovery index, cpuset read back with sched_getaffinity). The
// tasks an srun of the tree started on this node belong to the run too,
// although slurmstepd is their parent (step_tasks.h): found the same way,
// sampled, and killed with the tree at the end.
//
// The run ends when the command's own process exits (any descendants still
// running are then killed), at the timeout, on SIGINT/SIGTERM, or as
// WorkerStopped when a process of the tree, the command's own included, stays
// in a job-control stop for kStopGraceSeconds (stopped_process_watch.h). Teardown,
// whatever happened: SIGKILL to the process group, then to every process of
// the tree that left it, then reap everything; afterwards nothing of the tree
// is alive and every pid is reaped.

#include "conductor/builtin_run.h"
#include "conductor/run_report.h"
#include "cpuset/cpuset.h"
#include "events/event_kinds.h"

#include <string>
#include <string_view>
#include <vector>

namespace oversub::external {

struct CommandPlan {
    std::vector<std::string> argv; // argv[0] is looked up in PATH (execvp)
    CpuSet cpuset; // applied before exec; empty = inherit the conductor's
    std::vector<std::string> environment; // the whole environment, "KEY=value"
    double timeoutSeconds = 0; // 0 = no limit
    double rateHz = 10; // sample ticks
};

struct CommandReport {
    // workers: every process of the tree in discovery order (the command's
    // own process first); failure: CommandFailed, WorkerStopped, Timeout,
    // Cancelled or Internal.
    conductor::RunReport run;
    // argv, exit status / signal, CPU time of the tree, output tail (the
    // thread variables are the caller's to fill).
    events::CommandResult result;
    bool started = false; // exec succeeded
};

// Bytes of output kept (the end of stdout + stderr, interleaved as written).
inline constexpr size_t kOutputTailBytes = size_t{8} * 1024;

// A failed run's message ends with the program's last words: at most this
// many non-blank lines of the output tail, at most this many bytes, joined
// by the separator (a message is one line).
inline constexpr size_t kFailureOutputLines = 5;
inline constexpr size_t kFailureOutputBytes = 1024;
inline constexpr std::string_view kFailureOutputSeparator = " | ";

// Blocks SIGINT/SIGTERM/SIGCHLD for its duration (as runBuiltin). Throws
// only for failures of the conductor itself before anything was started.
CommandReport runExternal(const CommandPlan& plan, conductor::RunObserver& observer);

// The last lines of `output` for a failure message: up to kFailureOutputLines
// non-blank lines, trimmed, oldest first, joined by kFailureOutputSeparator,
// at most kFailureOutputBytes (earlier lines dropped first; "" when blank).
std::string lastOutputLines(std::string_view output);

// `bytes` as valid UTF-8: a sequence cut at the start is dropped, invalid
// bytes become '?' (the tail goes into JSON, which must round-trip).
std::string validUtf8(std::string_view bytes);

} // namespace oversub::external
