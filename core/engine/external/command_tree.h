#pragma once
// The process tree of one external command run, as /proc shows it, seen
// from a conductor that is a child subreaper: the command's own process
// (the root) until it is reaped, every child of the conductor that is not
// one it had before the run (descendants re-parented to it when their parent
// died), and all their descendants. Anchoring on unreaped children of the
// conductor means a pid in the tree cannot be a recycled, unrelated one.
//
// Also reaps those children and adds up their CPU time (wait4 rusage, which
// includes every descendant they reaped themselves).

#include <sys/resource.h>
#include <sys/types.h>

#include <optional>
#include <vector>

namespace oversub::external {

// One process of the machine: pid, parent and state letter (Z for a zombie).
struct ProcessRow {
    int pid = 0;
    int ppid = 0;
    char state = '?';
};
std::vector<ProcessRow> scanProcesses();

class CommandTree {
public:
    CommandTree(); // remembers the conductor's children from before the run
    void setRoot(pid_t root) { root_ = root; }
    // A child of the conductor that is not the command's (its guard): never
    // taken for an orphan of the tree.
    void exclude(pid_t pid) { before_.push_back(pid); }
    pid_t root() const { return root_; }

    // Pids of the tree now, the anchors first; zombies left out.
    std::vector<int> liveMembers() const;
    // The same processes with their state letters, from the same scan.
    std::vector<ProcessRow> liveMemberRows() const;

    // True once the root has exited (a zombie waiting to be reaped).
    bool rootExited() const;
    // Non-blocking reap of the root; its status once it is reaped.
    std::optional<int> reapRoot();
    bool rootReaped() const { return rootReaped_; }
    // Non-blocking reap of every zombie child of the conductor that belongs to
    // the run (not the root).
    void reapOrphans();

    // SIGKILL to the root's process group, then to every live member, until
    // none is left; reaps the root and every orphan. Gives up after
    // `limitSeconds` (a process stuck in uninterruptible sleep).
    void killAndReapAll(double limitSeconds = 5.0);

    // User + system seconds of the root and every orphan reaped so far.
    double cpuSeconds() const { return cpuSeconds_; }

private:
    std::vector<int> anchors(const std::vector<ProcessRow>& rows) const;
    std::vector<ProcessRow> members(bool withZombies) const;
    bool ownChild(int pid) const;
    void account(const rusage& usage);

    std::vector<int> before_;
    pid_t self_;
    pid_t root_ = 0;
    bool rootReaped_ = false;
    double cpuSeconds_ = 0;
};

} // namespace oversub::external
