#include "machine/affinity.h"

#include <sched.h>

#include <cerrno>
#include <system_error>
#include <vector>

namespace oversub {

namespace {
// The kernel wants a buffer at least as large as its own mask (nr_cpu_ids
// bits): grow until it stops saying EINVAL.
constexpr size_t kStartBytes = 128; // 1024 CPUs
constexpr size_t kMaxBytes = (CpuSet::kMaxIndex + 1) / 8; // CpuSet's limit
} // namespace

CpuSet currentAffinity(int pid) {
    for (size_t bytes = kStartBytes; bytes <= kMaxBytes; bytes *= 2) {
        std::vector<uint64_t> words(bytes / sizeof(uint64_t), 0);
        const int rc = sched_getaffinity(pid, bytes, reinterpret_cast<cpu_set_t*>(words.data()));
        if (rc >= 0) return CpuSet::fromWords(std::move(words));
        if (errno != EINVAL)
            throw std::system_error(errno, std::generic_category(), "sched_getaffinity(" + std::to_string(pid) + ")");
    }
    throw std::system_error(EINVAL, std::generic_category(), "sched_getaffinity: mask larger than supported");
}

void setAffinity(int pid, const CpuSet& cpus) {
    std::vector<uint64_t> words = cpus.words();
    if (words.empty()) words.push_back(0); // the kernel answers EINVAL, which is the right error
    const size_t bytes = words.size() * sizeof(uint64_t);
    if (sched_setaffinity(pid, bytes, reinterpret_cast<const cpu_set_t*>(words.data())) != 0)
        throw std::system_error(errno, std::generic_category(),
                                "sched_setaffinity(" + std::to_string(pid) + ", " +
                                    (cpus.empty() ? std::string("empty set") : cpus.toList()) + ")");
}

} // namespace oversub
