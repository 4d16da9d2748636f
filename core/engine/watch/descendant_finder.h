#pragma once
// Finds the processes an attached tree starts (`oversub-cli watch --pid`):
// the children, grandchildren, ... of every watched process that are not
// watched yet, read from each watched thread's /proc/PID/task/TID/children
// (the kernel lists a child under the thread that forked it). The cost
// follows the watched tree, not the machine: scanning /proc reopened every
// process's stat several times a second, which cost a watch of one process
// five times what sampling it did.
//
// A process none of whose threads has been on a CPU since its files were
// last read cannot have forked, so they are read again only when one of its
// threads' run time (schedstat, in the sampler's last snapshot) moved, or its
// threads changed. The whole process, not just the thread that ran: the
// children of an exiting thread move to a sibling (usually the main thread,
// which may sleep throughout). Those of an exiting process move to the
// nearest subreaper, which may be a watched process that did not run, or to
// init: so every watched thread is read when a watched process has gone, and
// on every `kFullReadEveryCalls`-th call (a child list read while it changes
// may also miss an entry, proc(5): found late, never not at all).
//
// Re-parenting: a watched process stays watched whoever its parent becomes
// (the sampler follows pids, not the tree) and its own children are read
// like any other's, so a grandchild whose parent exited is still followed,
// as with the scan. A child that a watched process started and that was
// re-parented outside the tree (to init) before a call found it is
// indistinguishable from any other process there, and is not found; nor was
// it by the scan.

#include "events/samples.h"
#include "sampler/proc_file.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace oversub::watch {

enum class DescendantSource {
    Auto, // children files when the kernel has them (CONFIG_PROC_CHILDREN), else the scan
    ChildrenFiles, // /proc/PID/task/TID/children of the watched threads
    ProcScan, // every process's /proc/N/stat (sampler/process_tree.h)
};

class DescendantFinder {
public:
    // Every this-many calls every watched thread's file is read, ran or not
    // (2.5 s at watch's rescan interval).
    static constexpr int kFullReadEveryCalls = 5;

    explicit DescendantFinder(DescendantSource source = DescendantSource::Auto, std::string procRoot = "/proc");

    // The descendants of `watched` that are not in it, parents before their
    // children. `threads`: the watched threads as last sampled; a watched
    // process none of whose threads is listed (new, or nothing sampled yet)
    // has its task directory listed instead, and every file read.
    std::vector<int> newDescendants(const std::vector<int>& watched, const std::vector<sampler::ThreadSample>& threads);

    bool usesChildrenFiles() const { return source_ == DescendantSource::ChildrenFiles; }
    // Children files read so far (what the run-time gate saves shows here).
    uint64_t childrenFilesRead() const { return filesRead_; }
    // Calls that scanned /proc because a children file could not be opened.
    uint64_t scansInstead() const { return scansInstead_; }

private:
    struct ThreadFile {
        int pid = 0;
        sampler::KeptOpenFile children;
        uint64_t runNsAtRead = 0; // the thread's run time when its file was last read
        bool seen = false; // among the current call's tasks
    };
    struct Task {
        int pid = 0;
        int tid = 0;
        uint64_t runNs = 0; // 0: not known (not sampled yet, or no schedstat): read
    };

    std::vector<int> scan(const std::vector<int>& watched) const;
    // Which processes must have their files read: new threads, a thread
    // that ran or has gone. Marks the known files seen, forgets the others.
    std::vector<int> processesToRead(const std::vector<Task>& tasks, const std::vector<int>& watched);
    // False when a file that should exist could not be opened (out of
    // descriptors): the call then scans /proc instead of missing children.
    bool readChildren(const Task& task, std::vector<int>& into);
    void listTasks(int pid, std::vector<Task>& into) const;

    DescendantSource source_;
    std::string procRoot_;
    std::unordered_map<int, ThreadFile> files_; // by tid
    std::vector<int> previousWatched_; // what the previous call was given and found
    uint64_t calls_ = 0;
    uint64_t filesRead_ = 0;
    uint64_t scansInstead_ = 0;
    std::vector<char> buffer_;
};

} // namespace oversub::watch
