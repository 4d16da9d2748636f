// The whole-file reader (see read_file.h).

#include "util/read_file.h"

#include "util/fd_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oversub {

std::optional<std::string> readWholeFile(const std::string& path, size_t limit) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return std::nullopt;
    std::string bytes;
    // A regular file's size saves the regrowing; /proc files report 0.
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0)
        bytes.reserve(std::min(static_cast<size_t>(static_cast<uint64_t>(info.st_size)), limit));
    char chunk[65536];
    while (bytes.size() < limit) {
        const ssize_t got = ::read(fd.get(), chunk, std::min(sizeof chunk, limit - bytes.size()));
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            const int error = errno; // ESRCH: the process exited meanwhile
            fd.reset();
            errno = error;
            return std::nullopt;
        }
        bytes.append(chunk, static_cast<size_t>(got));
    }
    return bytes;
}

} // namespace oversub
