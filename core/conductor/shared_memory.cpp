#include "conductor/shared_memory.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
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

std::string shmNamePrefix() { return "/oversub-" + std::to_string(::getpid()) + "-"; }

int removeOrphanedSegments() {
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/shm", ec)) {
        const std::string name = entry.path().filename().string();
        static constexpr std::string_view prefix = "oversub-";
        if (name.rfind(prefix, 0) != 0) continue;
        const size_t dash = name.find('-', prefix.size());
        if (dash == std::string::npos) continue;
        const std::string pidText = name.substr(prefix.size(), dash - prefix.size());
        if (pidText.empty() || pidText.find_first_not_of("0123456789") != std::string::npos) continue;
        const long pid = std::stol(pidText);
        if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        if (::shm_unlink(("/" + name).c_str()) == 0) ++removed;
    }
    return removed;
}

ShmSegment ShmSegment::create(const std::string& name, size_t bytes) {
    ShmSegment segment;
    const int fd = ::shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) throw systemError("shm_open " + name);
    segment.name_ = name;
    segment.owner_ = true; // from here on the destructor unlinks
    const size_t mapped = bytes == 0 ? 1 : bytes;
    if (::ftruncate(fd, static_cast<off_t>(mapped)) != 0) {
        const auto error = systemError("ftruncate " + name);
        ::close(fd);
        throw error;
    }
    void* data = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (data == MAP_FAILED) throw systemError("mmap " + name);
    // Workers open the segment by name; they must not inherit this mapping.
    ::madvise(data, mapped, MADV_DONTFORK);
    segment.data_ = data;
    segment.bytes_ = mapped;
    return segment;
}

ShmSegment ShmSegment::openShared(const std::string& name, size_t bytes, bool writable) {
    ShmSegment segment;
    const int fd = ::shm_open(name.c_str(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC, 0);
    if (fd < 0) throw systemError("shm_open " + name);
    const size_t mapped = bytes == 0 ? 1 : bytes;
    void* data = ::mmap(nullptr, mapped, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (data == MAP_FAILED) throw systemError("mmap " + name);
    segment.name_ = name;
    segment.data_ = data;
    segment.bytes_ = mapped;
    return segment;
}

ShmSegment::~ShmSegment() {
    unlink();
    if (data_) ::munmap(data_, bytes_);
}

ShmSegment::ShmSegment(ShmSegment&& other) noexcept
    : name_(std::move(other.name_)), data_(std::exchange(other.data_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)), owner_(std::exchange(other.owner_, false)) {}

ShmSegment& ShmSegment::operator=(ShmSegment&& other) noexcept {
    if (this != &other) {
        unlink();
        if (data_) ::munmap(data_, bytes_);
        name_ = std::move(other.name_);
        data_ = std::exchange(other.data_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
        owner_ = std::exchange(other.owner_, false);
    }
    return *this;
}

void ShmSegment::unlink() {
    if (owner_) ::shm_unlink(name_.c_str());
    owner_ = false;
}

void ShmSegment::abandon() {
    owner_ = false;
    data_ = nullptr;
    bytes_ = 0;
}

} // namespace oversub::conductor
