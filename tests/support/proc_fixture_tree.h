#pragma once
// /proc fixtures on disk for the sampler's and the watch's tests: copying a
// fixture tree over a live one in place, as /proc changes under descriptors
// kept open, and the small thread samples the descendant search reads.

#include "events/samples.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace oversub::test {

inline std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Truncates and rewrites each file of `from` at the same place under `to`:
// same inode, so descriptors opened earlier see the new content.
inline void writeTreeInPlace(const std::filesystem::path& from, const std::filesystem::path& to) {
    namespace fs = std::filesystem;
    for (const auto& entry : fs::recursive_directory_iterator(from)) {
        const fs::path target = to / fs::relative(entry.path(), from);
        if (entry.is_directory()) {
            fs::create_directories(target);
            continue;
        }
        fs::create_directories(target.parent_path());
        std::ofstream out(target, std::ios::trunc);
        out << readText(entry.path());
        ASSERT_TRUE(out.good()) << target;
    }
}

// A thread as the descendant search sees it: who it is and how long it ran.
inline sampler::ThreadSample threadSample(int pid, int tid, uint64_t runNs) {
    sampler::ThreadSample t;
    t.pid = pid;
    t.tid = tid;
    t.runNsTotal = runNs;
    return t;
}

inline std::vector<int> sorted(std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace oversub::test
