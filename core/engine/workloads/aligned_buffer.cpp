#include "workloads/aligned_buffer.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace oversub {

namespace {

size_t roundUp(size_t value, size_t multiple) { return (value + multiple - 1) / multiple * multiple; }

// An anonymous mapping of `bytes` (a multiple of 2 MiB) starting on a 2 MiB
// boundary: map 2 MiB more than needed and give back the ragged ends.
void* mapHugeAligned(size_t bytes) {
    const size_t slack = AlignedBuffer::kHugePageBytes;
    void* raw = ::mmap(nullptr, bytes + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    // Offsets from `raw`, not integers turned back into pointers.
    const auto start = reinterpret_cast<uintptr_t>(raw);
    const size_t lead = roundUp(start, slack) - start; // bytes before the aligned start
    char* const base = static_cast<char*>(raw);
    if (lead > 0) ::munmap(base, lead);
    const size_t tail = slack - lead; // bytes after the aligned buffer
    if (tail > 0) ::munmap(base + lead + bytes, tail);
    return base + lead;
}

// Fault every page in now. MADV_POPULATE_WRITE (Linux 5.14) does it in one
// call; older kernels get one write a page. Anonymous pages are already zero.
void populate(void* memory, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
    if (::madvise(memory, bytes, MADV_POPULATE_WRITE) == 0) return;
#endif
    auto* bytePtr = static_cast<volatile unsigned char*>(memory);
    for (size_t offset = 0; offset < bytes; offset += 4096) bytePtr[offset] = 0;
}

} // namespace

AlignedBuffer::AlignedBuffer(size_t doubles) : size_(doubles) {
    if (doubles == 0) return;
    const size_t bytes = roundUp(doubles * sizeof(double), kAlignmentBytes);
    if (bytes >= kHugePageBytes) {
        const size_t mapped = roundUp(bytes, kHugePageBytes);
        if (void* memory = mapHugeAligned(mapped)) {
            ::madvise(memory, mapped, MADV_HUGEPAGE); // advice: 4 KiB pages still work without it
            populate(memory, mapped);
            data_ = static_cast<double*>(memory);
            mappedBytes_ = mapped;
            return;
        }
    }
    void* memory = std::aligned_alloc(kAlignmentBytes, bytes);
    if (!memory) throw std::bad_alloc();
    std::memset(memory, 0, bytes);
    data_ = static_cast<double*>(memory);
}

AlignedBuffer::~AlignedBuffer() { release(); }

AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
      mappedBytes_(std::exchange(other.mappedBytes_, 0)) {}

AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        mappedBytes_ = std::exchange(other.mappedBytes_, 0);
    }
    return *this;
}

void AlignedBuffer::release() {
    if (mappedBytes_ > 0) ::munmap(data_, mappedBytes_);
    else std::free(data_);
    data_ = nullptr;
    size_ = 0;
    mappedBytes_ = 0;
}

} // namespace oversub
