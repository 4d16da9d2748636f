#include "util/fd_io.h"

#include <cerrno>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace oversub {

namespace {

// The loop both directions share: `step` is ::read or ::write; 0 bytes moved
// is end of file (for a write, a pipe with no reader reports EPIPE instead).
template <typename Byte, typename Step>
bool transferAll(int fd, Byte* p, size_t bytes, Step step) {
    while (bytes > 0) {
        const ssize_t n = step(fd, p, bytes);
        if (n == 0) {
            errno = 0;
            return false;
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        bytes -= static_cast<size_t>(n);
    }
    return true;
}

} // namespace

bool writeAll(int fd, const void* data, size_t bytes) {
    return transferAll(fd, static_cast<const char*>(data), bytes, ::write);
}

bool readAll(int fd, void* data, size_t bytes) { return transferAll(fd, static_cast<char*>(data), bytes, ::read); }

void syncDirectoryOf(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) parent = ".";
    const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    ::fsync(dir);
    ::close(dir);
}

} // namespace oversub
