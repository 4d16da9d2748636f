#include "sampler/thread_affinity.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <bit>
#include <cerrno>

namespace oversub::sampler {

int SinglePuAffinity::of(int tid) {
    long bytes = -1;
    for (;;) {
        // The raw call returns how many bytes of mask the kernel wrote
        // (glibc's wrapper zero-fills the rest of the buffer instead).
        bytes = ::syscall(SYS_sched_getaffinity, tid, mask_.size() * sizeof(unsigned long), mask_.data());
        if (bytes >= 0) break;
        // EINVAL: the buffer is smaller than the kernel's CPU mask.
        if (errno != EINVAL || mask_.size() >= (size_t{1} << 16)) return kUnknown;
        mask_.resize(mask_.size() * 2);
    }
    const size_t words = static_cast<size_t>(bytes) / sizeof(unsigned long);
    int pu = kUnknown;
    for (size_t w = 0; w < words && w < mask_.size(); ++w) {
        const unsigned long bits = mask_[w];
        if (bits == 0) continue;
        if (pu != kUnknown || std::popcount(bits) > 1) return kSeveral;
        pu = static_cast<int>(w * 8 * sizeof(unsigned long)) + std::countr_zero(bits);
    }
    return pu; // kUnknown for an empty set, which the kernel does not return
}

} // namespace oversub::sampler
