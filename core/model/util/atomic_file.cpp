#include "util/atomic_file.h"

#include "util/fd_io.h"
#include "util/output_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oversub {
namespace {

constexpr std::string_view kWhat = "output file";

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
    throw OutputError(outputProblem(kWhat, path, "cannot " + what + " (" + std::strerror(err) + ")"));
}

// An existing file keeps its permission bits (a results file shared with a
// group stays shared); a new one gets what the umask allows.
mode_t modeFor(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 0777;
    return newFileMode();
}

} // namespace

void writeFileAtomically(const std::string& path, std::string_view contents) {
    checkOutputPath(kWhat, path, OutputWrite::Replace);
    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (folder.empty()) folder = ".";
    std::string tmp = (folder / ".oversub-tmp-XXXXXX").string();
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) fail("create a temporary file beside it", path, errno);

    auto abandon = [&](const std::string& what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        fail(what, path, err);
    };

    if (!writeAll(fd, contents)) abandon("write");
    if (::fchmod(fd, modeFor(path)) != 0) abandon("set the permissions of");
    if (::fsync(fd) != 0) abandon("flush");
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("close", path, err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail("rename into", path, err);
    }
    syncDirectoryOf(path);
}

} // namespace oversub
