#pragma once
// A zero-initialised array of doubles aligned to 64 bytes (one cache line, one
// AVX-512 vector), so kernels see the same alignment wherever their buffers
// come from (shm and mmap are page-aligned anyway). Its pages are touched when
// it is made, not inside a timed run.
//
// Buffers of 2 MiB and more are mapped on a 2 MiB boundary and asked for
// transparent huge pages: a fresh worker's 8 MiB output then costs four page
// faults instead of 2,048 (about 1 ms of its start instead of 5, measured in
// bench/RESULTS.md "Engine"), and the kernels run with fewer TLB misses.
// Smaller buffers come from the heap.

#include <cstddef>
#include <span>

namespace oversub {

class AlignedBuffer {
public:
    static constexpr size_t kAlignmentBytes = 64;
    static constexpr size_t kHugePageBytes = size_t{2} << 20;

    AlignedBuffer() = default;
    explicit AlignedBuffer(size_t doubles);
    ~AlignedBuffer();
    AlignedBuffer(AlignedBuffer&& other) noexcept;
    AlignedBuffer& operator=(AlignedBuffer&& other) noexcept;
    AlignedBuffer(const AlignedBuffer&) = delete;
    AlignedBuffer& operator=(const AlignedBuffer&) = delete;

    double* data() { return data_; }
    const double* data() const { return data_; }
    size_t size() const { return size_; }
    std::span<double> span() { return {data_, size_}; }
    std::span<const double> span() const { return {data_, size_}; }
    // True when the buffer is a huge-page-aligned mapping (not the heap).
    bool isMapped() const { return mappedBytes_ > 0; }

private:
    void release();

    double* data_ = nullptr;
    size_t size_ = 0;
    size_t mappedBytes_ = 0; // 0: data_ came from aligned_alloc
};

} // namespace oversub
