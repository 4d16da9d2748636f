#include "export/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oversub {
namespace {

std::string directoryOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
    throw std::runtime_error("cannot " + what + " '" + path + "': " + std::strerror(err));
}

} // namespace

void writeFileAtomically(const std::string& path, std::string_view contents) {
    if (path.empty()) throw std::runtime_error("cannot write a file with an empty name");
    std::string tmp = directoryOf(path) + "/.oversub-tmp-XXXXXX";
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) fail("create a temporary file for", path, errno);

    auto abandon = [&](const std::string& what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        fail(what, path, err);
    };

    size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            abandon("write");
        }
        written += static_cast<size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0) abandon("set permissions of");
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
}

} // namespace oversub
