#include "sampler/proc_file.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace oversub::sampler {

bool KeptOpenFile::open(int dirFd, const char* path) {
    close();
    do {
        fd_ = ::openat(dirFd, path, O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    return fd_ >= 0;
}

KeptOpenFile::~KeptOpenFile() { close(); }

KeptOpenFile::KeptOpenFile(KeptOpenFile&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

KeptOpenFile& KeptOpenFile::operator=(KeptOpenFile&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

void KeptOpenFile::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool KeptOpenFile::readAll(std::vector<char>& buffer, std::string_view& text) const {
    text = {};
    if (fd_ < 0) return false;
    if (buffer.size() < 4096) buffer.resize(4096);
    size_t used = 0;
    for (;;) {
        // A single pread at offset 0 makes seq_file regenerate the text; when
        // the buffer was too small, continue at the offset reached (seq_file
        // handles a continuing offset) and grow the buffer for next time.
        const ssize_t n = ::pread(fd_, buffer.data() + used, buffer.size() - used,
                                  static_cast<off_t>(used));
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        used += static_cast<size_t>(n);
        if (n == 0 || used < buffer.size()) break;
        buffer.resize(buffer.size() * 2);
    }
    text = std::string_view(buffer.data(), used);
    return true;
}

} // namespace oversub::sampler
