#pragma once
// Memory the conductor hands to workers.
//
// MappedBuffer: private anonymous memory for inputs and results held by the
// conductor. Big inputs that workers read copy-on-write get MADV_HUGEPAGE
// (fork copies page tables: ~14 us/MB with 4 KiB pages); buffers workers must
// not see (pipe delivery's inputs, the results area) get MADV_DONTFORK, so
// fork stays cheap and a pipe-delivered worker cannot read them by accident.
//
// ShmSegment: a POSIX shared-memory object (shm_open + ftruncate + mmap),
// named /oversub-<conductor pid>-<run>-<what>. The owner unlinks it in its
// destructor, so every exit path of a run (normal end, error, exception)
// removes it from /dev/shm. Workers open it by name (openShared).

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

// Name prefix of every segment this process creates: "/oversub-<pid>-".
std::string shmNamePrefix();

// Unlinks /dev/shm/oversub-<pid>-* segments whose conductor process no
// longer exists (one killed with SIGKILL before its workers were ready).
// Returns how many were removed.
int removeOrphanedSegments();

class ShmSegment {
public:
    ShmSegment() = default;
    // Creates (O_EXCL) and maps a segment of `bytes`. Throws std::runtime_error
    // naming the segment and errno on failure (nothing is left behind).
    static ShmSegment create(const std::string& name, size_t bytes);
    // Maps an existing segment read-only or read-write (the worker side). The
    // returned object does not unlink on destruction.
    static ShmSegment openShared(const std::string& name, size_t bytes, bool writable);

    ~ShmSegment();
    ShmSegment(ShmSegment&& other) noexcept;
    ShmSegment& operator=(ShmSegment&& other) noexcept;
    ShmSegment(const ShmSegment&) = delete;
    ShmSegment& operator=(const ShmSegment&) = delete;

    const std::string& name() const { return name_; }
    std::span<double> doubles() const { return {static_cast<double*>(data_), bytes_ / sizeof(double)}; }
    size_t size() const { return bytes_; }
    // Unlinks now (idempotent); the mapping stays valid until destruction.
    void unlink();
    // In a forked child: forget the segment without unmapping or unlinking,
    // so the child's exit cannot remove the parent's segment.
    void abandon();

private:
    std::string name_;
    void* data_ = nullptr;
    size_t bytes_ = 0;
    bool owner_ = false;
};

} // namespace oversub::conductor
