// Triad: STREAM's a = b + s * c over N = n * n doubles (size is the side of
// an n x n array, as for every kernel). The input holds b then c; the output
// is a. `iterations` sweeps rewrite a each time. s is STREAM's 3.0.
// std::fma fixes the rounding (one rounding per element) with or without
// hardware FMA, so results are reproducible bit for bit.
//
// Once the three arrays no longer fit in L2, a is written with non-temporal
// (streaming) stores, as STREAM builds and glibc's memcpy do: an ordinary
// store first reads the line it overwrites (write-allocate), moving 4 arrays
// for the 3 counted, which caps triad at ~75% of the bandwidth memcpy shows.
// In L2, ordinary stores keep a cached for the next sweep.

#include "workloads/fill_random.h"
#include "workloads/kernel_set.h"
#include "workloads/size_check.h"

#include <cmath>
#include <cstdint>

#include <unistd.h>

#if defined(__AVX512F__) || defined(__AVX__)
#include <immintrin.h>
#endif

namespace oversub::workloads_detail {
namespace {

constexpr double kTriadScalar = 3.0;

void triadSweep(const double* __restrict b, const double* __restrict c, double* __restrict a, size_t count) {
    for (size_t i = 0; i < count; ++i) a[i] = std::fma(kTriadScalar, c[i], b[i]);
}

// The same sweep with streaming stores; a scalar head until a is aligned for
// them, a scalar tail after. Identical results: the vector FMA rounds once too.
void triadSweepStreaming(const double* __restrict b, const double* __restrict c, double* __restrict a, size_t count) {
#if defined(__AVX512F__) || (defined(__AVX__) && defined(__FMA__))
#if defined(__AVX512F__)
    constexpr size_t kLanes = 8;
#else
    constexpr size_t kLanes = 4;
#endif
    constexpr uintptr_t kAlignMask = kLanes * sizeof(double) - 1;
    size_t i = 0;
    for (; i < count && (reinterpret_cast<uintptr_t>(a + i) & kAlignMask) != 0; ++i)
        a[i] = std::fma(kTriadScalar, c[i], b[i]);
#if defined(__AVX512F__)
    const __m512d s = _mm512_set1_pd(kTriadScalar);
    for (; i + kLanes <= count; i += kLanes)
        _mm512_stream_pd(a + i, _mm512_fmadd_pd(s, _mm512_loadu_pd(c + i), _mm512_loadu_pd(b + i)));
#else
    const __m256d s = _mm256_set1_pd(kTriadScalar);
    for (; i + kLanes <= count; i += kLanes)
        _mm256_stream_pd(a + i, _mm256_fmadd_pd(s, _mm256_loadu_pd(c + i), _mm256_loadu_pd(b + i)));
#endif
    for (; i < count; ++i) a[i] = std::fma(kTriadScalar, c[i], b[i]);
    _mm_sfence(); // streaming stores are weakly ordered: finish them before returning
#else
    triadSweep(b, c, a, count);
#endif
}

// Working sets beyond this many bytes go to streaming stores.
size_t streamingThresholdBytes() {
    static const size_t bytes = [] {
        const long l2 = ::sysconf(_SC_LEVEL2_CACHE_SIZE);
        return l2 > 0 ? static_cast<size_t>(l2) : size_t{1} << 20;
    }();
    return bytes;
}

class TriadKernel final : public Kernel {
public:
    Workload workload() const override { return Workload::Triad; }

    size_t inputDoubles(int size) const override { return 2 * elements(size); }
    size_t outputDoubles(int size) const override { return elements(size); }

    // A multiply and an add per element per sweep.
    double flops(int size, int iterations) const override {
        return 2.0 * static_cast<double>(elements(size)) * iterations;
    }
    // STREAM counting: read b and c, write a = 3 * 8 * N per sweep; the
    // write-allocate read of a that a cache without streaming stores adds is
    // not counted.
    double bytes(int size, int iterations) const override {
        return 3.0 * 8.0 * static_cast<double>(elements(size)) * iterations;
    }

    void fillInput(std::span<double> input, int size, uint64_t seed) const override {
        checkFillArguments(*this, input.size(), size);
        fillUniform(input, seed, -1.0, 1.0);
    }

    void run(std::span<const double> input, std::span<double> output, int size, int iterations) const override {
        checkRunArguments(*this, input.size(), output.size(), size, iterations);
        const size_t count = elements(size);
        const bool streaming = 3 * count * sizeof(double) > streamingThresholdBytes();
        for (int i = 0; i < iterations; ++i) {
            if (streaming) triadSweepStreaming(input.data(), input.data() + count, output.data(), count);
            else triadSweep(input.data(), input.data() + count, output.data(), count);
            // Each sweep must really happen, even though it writes the same a.
            asm volatile("" : : "r"(output.data()) : "memory");
        }
    }

private:
    size_t elements(int size) const { return checkedSquare(Workload::Triad, size); }
};

} // namespace

const Kernel& triadKernel() {
    static const TriadKernel kernel;
    return kernel;
}

} // namespace oversub::workloads_detail
