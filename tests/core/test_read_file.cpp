// Facts about the one whole-file reader (util/read_file.h): it reads a file
// whole, stops at its limit, and reports a file it cannot open or read as
// nullopt with errno, never as an exception.

#include "temp_dir_test.h"
#include "util/read_file.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <string>

#include <unistd.h>

namespace {

class ReadFileTest : public oversub::test::TempDirTest {
protected:
    std::string write(const std::string& name, const std::string& bytes) {
        std::ofstream(path(name), std::ios::binary) << bytes;
        return path(name);
    }
};

// Longer than the reader's 64 KiB chunk, with NUL and non-ASCII bytes.
std::string manyBytes() {
    std::string bytes;
    for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>(i * 7 % 256));
    return bytes;
}

} // namespace

TEST_F(ReadFileTest, ANormalFileIsReadWhole) {
    const std::string bytes = manyBytes();
    const auto text = oversub::readWholeFile(write("data.bin", bytes), 1 << 20);
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(*text, bytes);
    EXPECT_EQ(oversub::readWholeFile(write("empty", ""), 100), std::optional<std::string>(""));
}

TEST_F(ReadFileTest, AMissingFileIsNulloptWithErrno) {
    errno = 0;
    EXPECT_EQ(oversub::readWholeFile(path("no-such-file"), 100), std::nullopt);
    EXPECT_EQ(errno, ENOENT);
}

TEST_F(ReadFileTest, ReadingStopsAtTheLimit) {
    const std::string bytes = manyBytes();
    const std::string file = write("data.bin", bytes);
    EXPECT_EQ(oversub::readWholeFile(file, 10), bytes.substr(0, 10));
    EXPECT_EQ(oversub::readWholeFile(file, 70000), bytes.substr(0, 70000)); // past one chunk
    EXPECT_EQ(oversub::readWholeFile(file, bytes.size()), bytes);
    EXPECT_EQ(oversub::readWholeFile(file, 0), std::optional<std::string>(""));
}

// A read that fails after open (here EISDIR; ESRCH for a /proc file of a
// process that exited meanwhile) is a value, not an exception.
TEST_F(ReadFileTest, AFailingReadIsNulloptWithErrnoAndNeverThrows) {
    std::optional<std::string> text = std::string("before");
    errno = 0;
    EXPECT_NO_THROW(text = oversub::readWholeFile(dir_.string(), 100));
    EXPECT_EQ(text, std::nullopt);
    EXPECT_EQ(errno, EISDIR);
}

// /proc files say their size is 0: the reader goes by end of file.
TEST(ReadFile, AProcFileIsReadToItsEnd) {
    const auto stat = oversub::readWholeFile("/proc/self/stat", 1 << 20);
    ASSERT_TRUE(stat.has_value());
    EXPECT_EQ(stat->rfind(std::to_string(::getpid()) + " (", 0), 0u) << *stat;
    ASSERT_FALSE(stat->empty());
    EXPECT_EQ(stat->back(), '\n');
}
