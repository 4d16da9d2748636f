#include "util/output_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oversub {
namespace {

std::string errnoText(int err) { return std::strerror(err); }

// Links are refused before kindOf is asked (lstat, O_NOFOLLOW's ELOOP).
constexpr const char* kIsALink = "is a symbolic link (outputs are never written through links: give the file itself)";

// What a non-regular file is, in the words of ls -l and stat(1).
std::string kindOf(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

[[noreturn]] void refuse(std::string_view what, const std::string& path, const std::string& reason) {
    throw OutputError(outputProblem(what, path, reason));
}

void checkFolderTakesNewFiles(std::string_view what, const std::string& path) {
    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (folder.empty()) folder = ".";
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0)
        refuse(what, path, "folder '" + folder.string() + "' cannot be used (" + errnoText(errno) + ")");
    if (!S_ISDIR(st.st_mode)) refuse(what, path, "'" + folder.string() + "' is not a folder");
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        refuse(what, path, "cannot create files in folder '" + folder.string() + "' (" + errnoText(errno) + ")");
}

} // namespace

std::string outputProblem(std::string_view what, const std::string& path, const std::string& reason) {
    return std::string(what) + " '" + path + "': " + reason;
}

void checkOutputPath(std::string_view what, const std::string& path, OutputWrite how) {
    if (path.empty()) refuse(what, path, "an empty path (allowed: a file name)");
    if (path.back() == '/') refuse(what, path, "names a folder (allowed: a file name)");
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) refuse(what, path, "cannot be written (" + errnoText(errno) + ")");
        checkFolderTakesNewFiles(what, path);
        return;
    }
    if (S_ISLNK(st.st_mode)) refuse(what, path, kIsALink);
    if (!S_ISREG(st.st_mode)) refuse(what, path, "is " + kindOf(st.st_mode) + ", not a regular file");
    if (how == OutputWrite::Replace) {
        checkFolderTakesNewFiles(what, path); // the temporary file and the rename need it
    } else if (::access(path.c_str(), W_OK) != 0) {
        refuse(what, path, "cannot be written (" + errnoText(errno) + ")");
    }
}

int openInPlace(std::string_view what, const std::string& path, int accessFlags) {
    // O_NONBLOCK: a FIFO swapped in after the check must not block the open;
    // it is refused below like any other non-regular file.
    const int fd = ::open(path.c_str(), accessFlags | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == ELOOP) refuse(what, path, kIsALink);
        refuse(what, path, "cannot be opened (" + errnoText(errno) + ")");
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const mode_t mode = st.st_mode;
        ::close(fd);
        refuse(what, path, "is " + kindOf(mode) + ", not a regular file");
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

mode_t newFileMode() {
    // /proc/self/status has the umask (Linux 4.7+) without changing it; the
    // umask() round trip would briefly change it for every thread.
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Umask:", 0) == 0) return 0666 & ~static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return 0666 & ~mask;
}

} // namespace oversub
