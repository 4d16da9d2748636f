#pragma once
// The descriptor pieces every reader and writer in Oversub shares: an owned
// descriptor, writing or reading a whole buffer through short transfers and
// signals, and making a new directory entry durable.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <unistd.h>

namespace oversub {

// An owned file descriptor, closed when it goes out of scope.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

// Writes all of `bytes`, resuming after EINTR and short writes. Returns false
// with errno set on the first real error (EPIPE, ENOSPC, EFBIG, ...).
bool writeAll(int fd, const void* data, size_t bytes);
// Reads exactly `bytes`, resuming after EINTR and short reads. Returns false
// at end of file before that (errno 0) or on the first real error.
bool readAll(int fd, void* data, size_t bytes);
inline bool writeAll(int fd, std::string_view bytes) { return writeAll(fd, bytes.data(), bytes.size()); }

// fsyncs the directory holding `path`, so a file just created or renamed
// there survives a power cut with its name. Best effort: a directory that
// cannot be opened is left as it is (the file's own bytes are already synced).
void syncDirectoryOf(const std::string& path);

} // namespace oversub
