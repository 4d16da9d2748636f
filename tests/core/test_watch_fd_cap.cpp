// The watch's descendant search past the kept-descriptor cap
// (sampler/proc_file.h): children files are then opened for each read, keep
// no descriptor, and still find every child, including one that appears
// after the first read.

#include "proc_fixture_tree.h"
#include "sampler/proc_file.h"
#include "watch/descendant_finder.h"

#include "process_temp_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using oversub::sampler::ThreadSample;
using oversub::test::sorted;
using oversub::test::threadSample;
using oversub::watch::DescendantFinder;
using oversub::watch::DescendantSource;
namespace fs = std::filesystem;

namespace {

const oversub::test::ProcessTempDir& tempDir() {
    static const oversub::test::ProcessTempDir d("oversub-watch-fdcap-");
    return d;
}

// root/PID/task/TID/children
void children(const fs::path& root, int pid, int tid, const std::vector<int>& kids) {
    const fs::path task = root / std::to_string(pid) / "task" / std::to_string(tid);
    fs::create_directories(task);
    std::ofstream file(task / "children", std::ios::trunc);
    for (int kid : kids) file << kid << ' ';
}

} // namespace

TEST(WatchFdCap, ChildrenFilesPastTheCapAreReopenedAndFindEveryChild) {
    const fs::path root = tempDir().file("tree");
    children(root, 100, 100, {200});
    children(root, 100, 101, {});
    children(root, 200, 200, {});

    oversub::sampler::setKeptFileCap(oversub::sampler::keptFileCount()); // none kept from here
    const size_t kept = oversub::sampler::keptFileCount();
    DescendantFinder finder(DescendantSource::ChildrenFiles, root.string());
    EXPECT_EQ(finder.newDescendants({100}, {}), (std::vector<int>{200}));
    EXPECT_EQ(oversub::sampler::keptFileCount(), kept) << "no children file stays open";

    // Thread 101 runs and forks 300; 300 forks 301.
    children(root, 100, 101, {300});
    children(root, 300, 300, {301});
    children(root, 301, 301, {});
    const std::vector<ThreadSample> sampled{threadSample(100, 100, 5), threadSample(100, 101, 7),
                                            threadSample(200, 200, 3)};
    EXPECT_EQ(sorted(finder.newDescendants({100, 200}, sampled)), (std::vector<int>{300, 301}));
    EXPECT_EQ(oversub::sampler::keptFileCount(), kept);
    oversub::sampler::resetKeptFileCap();
    fs::remove_all(root);
}
