#pragma once
// Oversub's shm segments are memory files (memfd) with no name in /dev/shm;
// what a run could leak in its own process is a descriptor. This lists the
// descriptors of this process that are Oversub segments, by their
// /proc/self/fd link ("/memfd:oversub-inputs (deleted)").

#include <filesystem>
#include <string>
#include <vector>

namespace oversub::test {

inline std::vector<std::string> openShmSegmentDescriptors() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        std::error_code unreadable; // the directory's own descriptor is gone by now
        const std::string target = std::filesystem::read_symlink(entry.path(), unreadable).string();
        if (target.rfind("/memfd:oversub-", 0) == 0) out.push_back(target);
    }
    return out;
}

} // namespace oversub::test
