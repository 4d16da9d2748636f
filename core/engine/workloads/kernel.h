#pragma once
// The numeric kernels a worker runs for one task, each with its exact FLOP
// count and its compulsory memory traffic so results can be shown as GFLOP/s
// and GB/s. A kernel is stateless: the conductor hands it an input span (from
// a pipe, fork copy-on-write, shared memory or fillInput in the worker) and an
// output span, and calls run() once per task.
//
// `size` is always n, the side of an n x n array of doubles, for every kernel
// (triad streams over N = n*n doubles), so one size knob means the same
// memory footprint scale everywhere. Matrices are column-major (LAPACK's
// native layout: LAPACKE's row-major path would add transposing copies).
// Every function taking a size throws InputError (field "size") outside
// 1..maxKernelSize() (size_check.h); the memory preflight is bytesNeeded() and
// checkSizeFitsMemory() there.

#include "knobs/choices.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace oversub {

class Kernel {
public:
    virtual ~Kernel() = default;

    virtual Workload workload() const = 0;
    std::string_view name() const { return toString(workload()); }

    // Doubles in one task's input, and in the full result run() writes.
    virtual size_t inputDoubles(int size) const = 0;
    virtual size_t outputDoubles(int size) const = 0;
    // Workspace run() allocates for itself (once per call, never per
    // iteration); counted by bytesNeeded() for the memory preflight.
    virtual size_t scratchDoubles(int size) const {
        (void)size;
        return 0;
    }

    // Floating-point operations of one task (see each kernel for its formula).
    virtual double flops(int size, int iterations) const = 0;
    // Bytes one task must move between the cores and memory, STREAM-style:
    // each array read counts once, each array written counts once, no
    // write-allocate. A perfect cache would move exactly this much.
    virtual double bytes(int size, int iterations) const = 0;

    // Deterministic: the same (size, seed) gives bit-identical input.
    // input.size() must be inputDoubles(size).
    virtual void fillInput(std::span<double> input, int size, uint64_t seed) const = 0;

    // One task. input.size() == inputDoubles(size), output.size() ==
    // outputDoubles(size); the input is never written (it may be a shared
    // copy-on-write or shm mapping). Throws InputError for size or
    // iterations < 1, std::invalid_argument for mismatched spans.
    virtual void run(std::span<const double> input, std::span<double> output, int size, int iterations) const = 0;
};

// The one instance of each kernel.
const Kernel& kernelFor(Workload workload);

// The one double a task returns when results come back as a scalar: the sum
// of the full output, accumulated in order (deterministic for a given output).
double checksum(std::span<const double> output);

} // namespace oversub
