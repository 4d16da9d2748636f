#pragma once
// Processes of a command's tree held in a job-control stop: state 'T' in
// /proc/PID/stat, after SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU. A stopped
// process makes no progress, and whatever waits for it (a shell's `wait`, a
// reader of its pipe) waits with it, so left alone the run would only end at
// its timeout. A process counts as stopped once every scan of the tree has
// seen it stopped for kStopGraceSeconds: a shell's brief SIGTSTP/SIGCONT
// round (job control) is not a failure. A tracing stop (state 't': a
// debugger or strace holding the process) is never one either.

#include "external/command_tree.h"

#include <optional>
#include <vector>

namespace oversub::external {

// How long a process of the tree may stay stopped before the run is ended.
// With scans at least every 0.2 s, a stop is reported 0.5-0.9 s after it began.
inline constexpr double kStopGraceSeconds = 0.5;

struct StoppedProcess {
    int pid = 0;
    double sinceS = 0; // the first scan that saw it stopped
};

class StoppedProcessWatch {
public:
    // One scan of the tree (its live members with their states) at `nowS`,
    // seconds on any one clock. Forgets every process that is no longer
    // stopped (continued, or gone); returns the one stopped longest once
    // that is at least the grace.
    std::optional<StoppedProcess> update(const std::vector<ProcessRow>& members, double nowS);

private:
    std::vector<StoppedProcess> stopped_; // as of the latest scan, first seen first
};

} // namespace oversub::external
