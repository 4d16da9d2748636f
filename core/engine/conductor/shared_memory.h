#pragma once
// Memory the conductor hands to workers.
//
// MappedBuffer: private anonymous memory for inputs and results held by the
// conductor. Big inputs that workers read copy-on-write get MADV_HUGEPAGE
// (fork copies page tables: ~14 us/MB with 4 KiB pages); buffers workers must
// not see (pipe delivery's inputs, the results area) get MADV_DONTFORK, so
// fork stays cheap and a pipe-delivered worker cannot read them by accident.
//
// ShmSegment: shared memory without a name: an anonymous memory file
// (memfd_create + ftruncate + mmap MAP_SHARED). Nothing appears in /dev/shm,
// so no other user can guess or pre-create a segment, and nothing outlives
// its processes: the kernel frees the memory when the last descriptor and
// the last mapping are gone, however the conductor ends (SIGKILL included).
// Workers are forked without exec and inherit the descriptor; each maps it
// itself (attach), so attaching stays part of a worker's delivery cost. The
// conductor's own mapping is MADV_DONTFORK: a worker sees the data only
// through the mapping it made. The descriptor is close-on-exec, so a program
// run with --command never gets it.

#include <cstddef>
#include <span>
#include <string>

namespace oversub::conductor {

class MappedBuffer {
public:
    enum class Inherit { CopyOnWrite, NotInherited };
    MappedBuffer() = default;
    MappedBuffer(size_t bytes, Inherit inherit);
    ~MappedBuffer();
    MappedBuffer(MappedBuffer&& other) noexcept;
    MappedBuffer& operator=(MappedBuffer&& other) noexcept;
    MappedBuffer(const MappedBuffer&) = delete;
    MappedBuffer& operator=(const MappedBuffer&) = delete;

    std::span<double> doubles() const { return {static_cast<double*>(data_), bytes_ / sizeof(double)}; }
    std::span<std::byte> bytes() const { return {static_cast<std::byte*>(data_), bytes_}; }
    size_t size() const { return bytes_; }

private:
    void release();
    void* data_ = nullptr;
    size_t bytes_ = 0;
};

// Oversub versions before memfd segments named theirs
// /dev/shm/oversub-<conductor pid>-<run>-inputs|results, and a conductor
// killed before its workers were ready left them there. Removes those whose
// conductor no longer exists, among the ones this user owns (never another
// user's, even when run as root). Returns how many were removed.
int removeOrphanedSegments();

class ShmSegment {
public:
    ShmSegment() = default;
    // Creates and maps `bytes` of shared memory. `label` is not a name anyone
    // can open: it only shows in /proc/<pid>/fd ("memfd:<label>"). Throws
    // std::runtime_error with errno on failure (nothing is left behind).
    static ShmSegment create(const std::string& label, size_t bytes);
    // In a worker: maps the inherited descriptor `fd` of a segment of
    // `bytes`, read-only or read-write, and closes the descriptor (the
    // mapping keeps the memory).
    static ShmSegment attach(int fd, size_t bytes, bool writable);

    ~ShmSegment();
    ShmSegment(ShmSegment&& other) noexcept;
    ShmSegment& operator=(ShmSegment&& other) noexcept;
    ShmSegment(const ShmSegment&) = delete;
    ShmSegment& operator=(const ShmSegment&) = delete;

    // The descriptor workers inherit and attach (-1 for none, and for an
    // attached segment).
    int fd() const { return fd_; }
    std::span<double> doubles() const { return {static_cast<double*>(data_), bytes_ / sizeof(double)}; }
    size_t size() const { return bytes_; }

private:
    void release();
    int fd_ = -1;
    void* data_ = nullptr;
    size_t bytes_ = 0;
};

} // namespace oversub::conductor
