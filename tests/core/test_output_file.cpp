// Facts about output_file.h: which paths may take an output, and that the
// descriptor opened in place is checked again (a link or FIFO swapped in
// after the check is still refused).

#include "util/output_file.h"

#include "process_temp_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace oversub;
using testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const test::ProcessTempDir& scratch() {
    static const test::ProcessTempDir dir("oversub-test-output-file-");
    return dir;
}

std::string refusal(const std::string& p, OutputWrite how) {
    try {
        checkOutputPath("--x", p, how);
    } catch (const OutputError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(OutputFile, NewAndRegularFilesAreAccepted) {
    EXPECT_EQ(refusal(scratch().file("new.json"), OutputWrite::Replace), "");
    EXPECT_EQ(refusal(scratch().file("new.jsonl"), OutputWrite::InPlace), "");
    std::ofstream(scratch().file("old.json")) << "{}";
    EXPECT_EQ(refusal(scratch().file("old.json"), OutputWrite::Replace), "");
    EXPECT_EQ(refusal(scratch().file("old.json"), OutputWrite::InPlace), "");
    EXPECT_FALSE(fs::exists(scratch().file("new.json"))) << "checking must not create the file";
}

TEST(OutputFile, EveryRefusalNamesWhatThePathAndWhy) {
    EXPECT_THAT(refusal("/dev/null", OutputWrite::InPlace), HasSubstr("--x '/dev/null': is a character device"));
    EXPECT_THAT(refusal(scratch().path(), OutputWrite::Replace), HasSubstr("is a directory"));
    EXPECT_THAT(refusal(scratch().file("folder/"), OutputWrite::Replace), HasSubstr("names a folder"));
    EXPECT_THAT(refusal(scratch().file("missing/x.json"), OutputWrite::Replace),
                HasSubstr("No such file or directory"));
    EXPECT_THAT(refusal("", OutputWrite::Replace), HasSubstr("empty path"));
    fs::create_symlink(scratch().file("elsewhere"), scratch().file("dangling"));
    EXPECT_THAT(refusal(scratch().file("dangling"), OutputWrite::InPlace), HasSubstr("symbolic link"));
    EXPECT_THAT(refusal(scratch().file("dangling"), OutputWrite::Replace), HasSubstr("symbolic link"));
}

TEST(OutputFile, OpenInPlaceRefusesALinkOrFifoSwappedInAfterTheCheck) {
    const std::string target = scratch().file("victim.txt");
    std::ofstream(target) << "keep\n";
    const std::string swapped = scratch().file("swapped");
    ASSERT_EQ(refusal(swapped, OutputWrite::InPlace), ""); // checked while it did not exist
    fs::create_symlink(target, swapped); // then planted
    EXPECT_THROW(openInPlace("--events", swapped, O_WRONLY | O_TRUNC), OutputError);
    std::ifstream in(target);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "keep");

    const std::string fifo = scratch().file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    try {
        openInPlace("--journal", fifo, O_RDWR | O_APPEND); // must not block either
        ADD_FAILURE() << "a FIFO was opened";
    } catch (const OutputError& e) {
        EXPECT_THAT(e.what(), HasSubstr("FIFO"));
    }
}

TEST(OutputFile, NewFileModeIsTheUmasks) {
    const mode_t old = ::umask(027);
    EXPECT_EQ(newFileMode(), 0640u);
    ::umask(077);
    EXPECT_EQ(newFileMode(), 0600u);
    ::umask(old);
    const int fd = openInPlace("--events", scratch().file("fresh.jsonl"), O_WRONLY | O_TRUNC);
    ASSERT_GE(fd, 0);
    struct stat st {};
    ASSERT_EQ(::fstat(fd, &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0666 & ~old);
    ::close(fd);
}
