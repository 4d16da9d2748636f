#pragma once
// The one PU a thread of any process may run on, from sched_getaffinity(tid):
// one system call (0.2 us warm, ~0.65 us per thread at 20 Hz on the 2-vCPU
// box) where the thread's stat file costs 1.6 / ~4.5 us. A thread whose
// allowed set is a single PU can only be on that PU, so the sampler knows its
// CPU without reading stat. Status's Cpus_allowed_list says the same but is
// the dearest file there is (4.5 / ~9 us); any user may ask for any thread's
// affinity (`taskset -p` does the same call).
//
// The kernel answers with the allowed set restricted to active CPUs. The
// mask buffer grows to the kernel's CPU count once and is then reused: no
// allocation on later calls.

#include <vector>

namespace oversub::sampler {

class SinglePuAffinity {
public:
    static constexpr int kSeveral = -1; // may run on more than one PU
    static constexpr int kUnknown = -2; // the thread is gone or the call failed

    // The PU (OS index) `tid` may run on when it is allowed exactly one,
    // else kSeveral or kUnknown.
    int of(int tid);

private:
    std::vector<unsigned long> mask_ = std::vector<unsigned long>(1024 / (8 * sizeof(unsigned long)));
};

} // namespace oversub::sampler
