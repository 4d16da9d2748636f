#include "sampler/process_namer.h"

#include "sampler/process_list_info.h"

namespace oversub::sampler {

void ProcessNamer::nameNew(const Snapshot& snapshot, std::vector<events::ProcessName>& out) {
    out.clear();
    for (const auto& thread : snapshot.threads) {
        if (!named_.insert(thread.pid).second) continue;
        out.push_back({thread.pid, processName(thread.pid, procRoot_).value_or("")});
    }
}

} // namespace oversub::sampler
