#pragma once
// The process tree as /proc shows it right now: who is whose parent. Used to
// attach to a program and every descendant it starts (oversub-cli watch
// --pid), and to find descendants that escaped a run's process group before
// killing them.
//
// A scan reads /proc/N/stat of every process on the machine (about 1-2 ms for
// a few hundred processes), so callers poll it at a low rate, not per sample;
// an attached watch reads its tree's own children lists instead and scans
// only on a kernel without them (watch/descendant_finder.h).
// A process whose parent died is re-parented (to init or a subreaper) and is
// no longer found below the original root.

#include <string>
#include <vector>

namespace oversub::sampler {

struct ProcessParent {
    int pid = 0;
    int ppid = 0;
};

// Every process (thread-group leader) under procRoot with its parent, in
// directory order. Processes that exit during the scan are skipped.
std::vector<ProcessParent> listProcesses(const std::string& procRoot = "/proc");

// Children, grandchildren, ... of `pid` (not `pid` itself), parents before
// their children. Empty when `pid` has none or does not exist.
std::vector<int> descendantsOf(int pid, const std::string& procRoot = "/proc");
std::vector<int> descendantsOf(int pid, const std::vector<ProcessParent>& processes);

// Descendants of any of `roots` that are not in `roots` themselves: what an
// attached watch must add. Following every watched process (not only the
// first root) keeps grandchildren in view after their parent exits and they
// are re-parented.
std::vector<int> newDescendantsOf(const std::vector<int>& roots, const std::vector<ProcessParent>& processes);

} // namespace oversub::sampler
