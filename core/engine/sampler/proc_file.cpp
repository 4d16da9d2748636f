#include "sampler/proc_file.h"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace oversub::sampler {
namespace {

std::atomic<size_t> keptCount{0};
constexpr size_t kCapFromLimit = static_cast<size_t>(-1);
std::atomic<size_t> capSet{kCapFromLimit};

int openRetrying(int dirFd, const char* path) {
    int fd;
    do {
        fd = ::openat(dirFd, path, O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

// A single pread at offset 0 makes seq_file regenerate the text; when the
// buffer was too small, continue at the offset reached (seq_file handles a
// continuing offset) and grow the buffer for next time.
bool readWhole(int fd, std::vector<char>& buffer, std::string_view& text) {
    if (buffer.size() < 4096) buffer.resize(4096);
    size_t used = 0;
    for (;;) {
        const ssize_t n = ::pread(fd, buffer.data() + used, buffer.size() - used, static_cast<off_t>(used));
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

} // namespace

size_t keptFileCap() {
    if (const size_t set = capSet.load(std::memory_order_relaxed); set != kCapFromLimit) return set;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024 - kFdsNotKept; // the usual default soft limit
    if (limit.rlim_cur == RLIM_INFINITY) return static_cast<size_t>(1) << 20;
    const auto soft = static_cast<size_t>(limit.rlim_cur);
    return soft > kFdsNotKept ? soft - kFdsNotKept : 0;
}

void setKeptFileCap(size_t cap) { capSet.store(cap, std::memory_order_relaxed); }

void resetKeptFileCap() { capSet.store(kCapFromLimit, std::memory_order_relaxed); }

size_t keptFileCount() { return keptCount.load(std::memory_order_relaxed); }

size_t raiseOpenFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur != limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? static_cast<size_t>(-1) : static_cast<size_t>(limit.rlim_cur);
}

bool KeptOpenFile::openFd(int dirFd, const char* path) {
    close();
    fd_ = openRetrying(dirFd, path);
    if (fd_ < 0) return false;
    keptCount.fetch_add(1, std::memory_order_relaxed);
    return true;
}

bool KeptOpenFile::open(int dirFd, const char* path) { return openFd(dirFd, path); }

bool KeptOpenFile::openOrReopen(int dirFd, const char* path) {
    if (keptFileCount() < keptFileCap()) return openFd(dirFd, path);
    close();
    const int probe = openRetrying(dirFd, path);
    if (probe < 0) return false;
    ::close(probe);
    reopen_ = true;
    dirFd_ = dirFd;
    path_ = path;
    return true;
}

KeptOpenFile::~KeptOpenFile() { close(); }

KeptOpenFile::KeptOpenFile(KeptOpenFile&& other) noexcept
    : fd_(other.fd_), reopen_(other.reopen_), dirFd_(other.dirFd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
    other.reopen_ = false;
}

KeptOpenFile& KeptOpenFile::operator=(KeptOpenFile&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = other.fd_;
        reopen_ = other.reopen_;
        dirFd_ = other.dirFd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
        other.reopen_ = false;
    }
    return *this;
}

void KeptOpenFile::close() {
    if (fd_ >= 0) {
        ::close(fd_);
        keptCount.fetch_sub(1, std::memory_order_relaxed);
    }
    fd_ = -1;
    reopen_ = false;
}

bool KeptOpenFile::readAll(std::vector<char>& buffer, std::string_view& text) const {
    text = {};
    if (fd_ >= 0) return readWhole(fd_, buffer, text);
    if (!reopen_) return false;
    const int fd = openRetrying(dirFd_, path_.c_str());
    if (fd < 0) return false;
    const bool read = readWhole(fd, buffer, text);
    ::close(fd);
    return read;
}

} // namespace oversub::sampler
