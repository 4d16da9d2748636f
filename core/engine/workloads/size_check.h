#pragma once
// Validation of a kernel's size and iteration count, and the memory one task
// needs, so bad sizes are refused before any allocation or fork: size 0,
// negative, beyond what the kernel's index types hold, or more memory than
// the machine has available (MemAvailable).

#include "knobs/choices.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace oversub {

// Largest n each kernel accepts: n*n must fit a 32-bit BLAS/LAPACK int, and
// for SVD the dgesdd workspace (about 4 n^2) must too.
int maxKernelSize(Workload workload);

// Throws InputError (field "size") unless 1 <= size <= maxKernelSize(workload).
void checkSize(Workload workload, int size);
// size * size, the elements of one n x n matrix (or array), once checkSize
// passed; every kernel sizes its buffers with it.
size_t checkedSquare(Workload workload, int size);
// Throws InputError (field "iterations") unless iterations >= 1.
void checkIterations(int iterations);

// Bytes of one task's input + output + scratch. Throws like checkSize.
uint64_t bytesNeeded(Workload workload, int size);

// Throws InputError (field "size") saying how much `tasksInMemory` tasks
// need and how much is available, when that exceeds `availableBytes`
// (defaults to the machine's MemAvailable; no check when that is unknown).
void checkSizeFitsMemory(Workload workload, int size, uint64_t tasksInMemory = 1,
                         std::optional<uint64_t> availableBytes = std::nullopt);

// checkSize, then checkSizeFitsMemory for one task.
void validateSize(Workload workload, int size);

} // namespace oversub
