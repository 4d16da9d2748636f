// Facts about writeFileAtomically: the file appears whole, replaces an old
// one, and a failed write leaves neither a temporary nor a partial target.
#include "util/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path freshDir() {
    auto dir = fs::temp_directory_path() / ("oversub-atomic-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

size_t entriesIn(const fs::path& dir) {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

} // namespace

TEST(AtomicFile, WritesWholeContentsAndReplacesOldFile) {
    const auto dir = freshDir();
    const auto target = dir / "out.csv";
    oversub::writeFileAtomically(target.string(), "old\n");
    oversub::writeFileAtomically(target.string(), "a,b\n1,2\n");
    EXPECT_EQ(readAll(target), "a,b\n1,2\n");
    EXPECT_EQ(entriesIn(dir), 1u) << "no temporary file may stay behind";
    fs::remove_all(dir);
}

TEST(AtomicFile, MissingDirectoryFailsWithPathAndLeavesNothing) {
    const auto dir = freshDir();
    const auto target = dir / "no-such-dir" / "out.json";
    try {
        oversub::writeFileAtomically(target.string(), "{}");
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
    }
    EXPECT_EQ(entriesIn(dir), 0u);
    fs::remove_all(dir);
}

TEST(AtomicFile, FailedRenameRemovesTemporaryAndKeepsTarget) {
    // The target is a non-empty directory: the bytes are written and flushed,
    // then rename() fails (EISDIR). Nothing but the original may remain.
    const auto dir = freshDir();
    const auto target = dir / "results.json";
    fs::create_directories(target / "inside");
    EXPECT_THROW(oversub::writeFileAtomically(target.string(), "{}"), std::runtime_error);
    EXPECT_TRUE(fs::is_directory(target / "inside"));
    EXPECT_EQ(entriesIn(dir), 1u) << "the temporary file must be removed";
    fs::remove_all(dir);
}
