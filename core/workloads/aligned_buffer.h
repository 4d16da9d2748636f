#pragma once
// A zero-initialised array of doubles aligned to 64 bytes (one cache line, one
// AVX-512 vector), so kernels see the same alignment wherever their buffers
// come from (shm and mmap are page-aligned anyway).

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <span>

namespace oversub {

class AlignedBuffer {
public:
    static constexpr size_t kAlignmentBytes = 64;

    AlignedBuffer() = default;
    explicit AlignedBuffer(size_t doubles) : size_(doubles) {
        if (doubles == 0) return;
        const size_t bytes =
            (doubles * sizeof(double) + kAlignmentBytes - 1) / kAlignmentBytes * kAlignmentBytes;
        void* memory = std::aligned_alloc(kAlignmentBytes, bytes);
        if (!memory) throw std::bad_alloc();
        std::memset(memory, 0, bytes); // touch the pages now, not inside a timed run
        data_.reset(static_cast<double*>(memory));
    }

    double* data() { return data_.get(); }
    const double* data() const { return data_.get(); }
    size_t size() const { return size_; }
    std::span<double> span() { return {data_.get(), size_}; }
    std::span<const double> span() const { return {data_.get(), size_}; }

private:
    struct Free {
        void operator()(double* p) const { std::free(p); }
    };
    std::unique_ptr<double[], Free> data_;
    size_t size_ = 0;
};

} // namespace oversub
