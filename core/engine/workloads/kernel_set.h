#pragma once
// Private to core/workloads: the kernel singletons kernelFor() hands out, and
// the argument checks every kernel's run() shares.

#include "workloads/kernel.h"

namespace oversub::workloads_detail {

const Kernel& gemmKernel();
const Kernel& elementwiseKernel();
const Kernel& svdKernel();
const Kernel& scalarKernel();
const Kernel& triadKernel();

// Throws InputError for a bad size or iteration count and
// std::invalid_argument when the spans do not match the kernel's sizes.
void checkRunArguments(const Kernel& kernel, size_t inputSize, size_t outputSize, int size, int iterations);
void checkFillArguments(const Kernel& kernel, size_t inputSize, int size);

} // namespace oversub::workloads_detail
