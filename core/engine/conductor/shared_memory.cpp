#include "conductor/shared_memory.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace oversub::conductor {

namespace {

// Inputs at least this big are read copy-on-write from huge pages.
constexpr size_t kHugePageThresholdBytes = 8u << 20;

std::runtime_error systemError(const std::string& what) {
    return std::runtime_error(what + ": " + std::strerror(errno));
}

} // namespace

MappedBuffer::MappedBuffer(size_t bytes, Inherit inherit) : bytes_(bytes) {
    if (bytes == 0) return;
    data_ = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data_ == MAP_FAILED) {
        data_ = nullptr;
        bytes_ = 0;
        throw systemError("cannot allocate " + std::to_string(bytes) + " bytes");
    }
    if (inherit == Inherit::NotInherited) ::madvise(data_, bytes, MADV_DONTFORK);
    else if (bytes >= kHugePageThresholdBytes) ::madvise(data_, bytes, MADV_HUGEPAGE);
}

MappedBuffer::~MappedBuffer() { release(); }

MappedBuffer::MappedBuffer(MappedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

MappedBuffer& MappedBuffer::operator=(MappedBuffer&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
}

void MappedBuffer::release() {
    if (data_) ::munmap(data_, bytes_);
    data_ = nullptr;
    bytes_ = 0;
}

namespace {

// "oversub-<pid>-<run>-inputs" or "...-results": the pid, or 0 when `name`
// is not a segment name of an older Oversub.
long legacySegmentPid(const std::string& name) {
    static constexpr std::string_view prefix = "oversub-";
    if (name.rfind(prefix, 0) != 0) return 0;
    const size_t pidEnd = name.find('-', prefix.size());
    if (pidEnd == std::string::npos) return 0;
    const size_t runEnd = name.find('-', pidEnd + 1);
    if (runEnd == std::string::npos) return 0;
    const auto digitsOnly = [](std::string_view text) {
        return !text.empty() && text.size() <= 10 && text.find_first_not_of("0123456789") == std::string_view::npos;
    };
    const std::string_view view(name);
    const auto pidText = view.substr(prefix.size(), pidEnd - prefix.size());
    const auto runText = view.substr(pidEnd + 1, runEnd - pidEnd - 1);
    const auto what = view.substr(runEnd + 1);
    if (!digitsOnly(pidText) || !digitsOnly(runText) || (what != "inputs" && what != "results")) return 0;
    return std::stol(std::string(pidText));
}

bool processExists(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH; }

} // namespace

int removeOrphanedSegments() {
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/shm", ec)) {
        const std::string name = entry.path().filename().string();
        const long pid = legacySegmentPid(name);
        if (pid <= 0 || processExists(pid)) continue;
        // /dev/shm is sticky: once this user owns the entry, nobody but root
        // can swap it for another user's before the unlink.
        struct stat info {};
        if (::lstat(entry.path().c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != ::geteuid()) continue;
        if (::shm_unlink(("/" + name).c_str()) == 0) ++removed;
    }
    return removed;
}

ShmSegment ShmSegment::create(const std::string& label, size_t bytes) {
    ShmSegment segment;
    segment.fd_ = ::memfd_create(label.c_str(), MFD_CLOEXEC);
    if (segment.fd_ < 0) throw systemError("memfd_create " + label);
    const size_t mapped = bytes == 0 ? 1 : bytes;
    if (::ftruncate(segment.fd_, static_cast<off_t>(mapped)) != 0)
        throw systemError("cannot size shared memory " + label + " to " + std::to_string(mapped) + " bytes");
    void* data = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_SHARED, segment.fd_, 0);
    if (data == MAP_FAILED) throw systemError("cannot map shared memory " + label);
    // Workers map the descriptor themselves; they must not inherit this mapping.
    ::madvise(data, mapped, MADV_DONTFORK);
    segment.data_ = data;
    segment.bytes_ = mapped;
    return segment;
}

ShmSegment ShmSegment::attach(int fd, size_t bytes, bool writable) {
    ShmSegment segment;
    const size_t mapped = bytes == 0 ? 1 : bytes;
    void* data = ::mmap(nullptr, mapped, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
    const int mapError = errno;
    ::close(fd);
    errno = mapError;
    if (data == MAP_FAILED) throw systemError("cannot map inherited shared memory (fd " + std::to_string(fd) + ")");
    segment.data_ = data;
    segment.bytes_ = mapped;
    return segment;
}

ShmSegment::~ShmSegment() { release(); }

ShmSegment::ShmSegment(ShmSegment&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), data_(std::exchange(other.data_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)) {}

ShmSegment& ShmSegment::operator=(ShmSegment&& other) noexcept {
    if (this != &other) {
        release();
        fd_ = std::exchange(other.fd_, -1);
        data_ = std::exchange(other.data_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
}

void ShmSegment::release() {
    if (data_) ::munmap(data_, bytes_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    data_ = nullptr;
    bytes_ = 0;
}

} // namespace oversub::conductor
