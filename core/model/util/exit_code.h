#pragma once
// Exit statuses of oversub-cli, one meaning each, so scripts and the window
// can tell a bad flag from a crashed worker without parsing text.

namespace oversub {

enum class ExitCode : int {
    Ok = 0,
    RunFailed = 1, // a run ended badly for a reason not listed below
    BadInput = 2, // a flag, experiment file or value was rejected; nothing started
    WorkerCrashed = 3, // a worker was killed by a signal or exited non-zero
    TimedOut = 4, // a run overran --timeout
    Cancelled = 5, // SIGINT/SIGTERM or cancel from the window
    OutOfMemory = 6, // the memory preflight refused the run
    IoError = 7, // an output file could not be written
};

inline int toInt(ExitCode c) { return static_cast<int>(c); }

} // namespace oversub
