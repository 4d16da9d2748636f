#pragma once
// Takes a command's process group along when the conductor is killed
// outright (SIGKILL, the OOM killer). The command itself has
// PR_SET_PDEATHSIG, but that is not inherited: the processes it starts (a
// Python Pool's workers, a shell's jobs) would run on. The guard is a small
// child of the conductor in a process group of its own (so the run's own
// group kills never reach it) that does nothing until its PR_SET_PDEATHSIG
// (SIGTERM) says the conductor is gone, then SIGKILLs the command's group.
// The conductor SIGKILLs and reaps it when the run ends.
//
// Descendants that left the command's process group (setsid, setpgid) are
// out of its reach; the conductor's own teardown finds them while it lives.

#include <sys/types.h>

namespace oversub::external {

class CommandGuard {
public:
    CommandGuard() = default;
    ~CommandGuard() { stop(); }
    CommandGuard(const CommandGuard&) = delete;
    CommandGuard& operator=(const CommandGuard&) = delete;

    // Forks the guard of process group `group`. False when it cannot fork:
    // the run goes on, guarded only by the command's own PR_SET_PDEATHSIG.
    bool start(pid_t group);
    // Kills and reaps the guard; the group is left alone.
    void stop();
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
};

} // namespace oversub::external
