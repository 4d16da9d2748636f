#pragma once
// Names each process of a stream once: the processes whose threads a
// snapshot shows for the first time, with their comm, for the sample event's
// "processes" (events::ProcessName). One read of /proc/PID/comm a process.

#include "events/event_kinds.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace oversub::sampler {

class ProcessNamer {
public:
    explicit ProcessNamer(std::string procRoot = "/proc") : procRoot_(std::move(procRoot)) {}
    // `out` = the processes of `snapshot` not named before, in order of
    // first thread. A process that exited before it could be named gets "".
    void nameNew(const Snapshot& snapshot, std::vector<events::ProcessName>& out);

private:
    std::string procRoot_;
    std::unordered_set<int> named_;
};

} // namespace oversub::sampler
