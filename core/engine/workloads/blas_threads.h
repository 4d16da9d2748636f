#pragma once
// OpenBLAS's thread count and build facts, without leaking cblas.h.
// The pool is sized when the library loads: min(OPENBLAS_NUM_THREADS /
// GOTO_NUM_THREADS / OMP_NUM_THREADS, CPUs in the affinity mask).
// setBlasThreads() can raise it past that (up to the build's limit, 64 in
// Debian's), which is how a worker is oversubscribed on purpose. dgemm and
// dgesdd (via LAPACKE -> LAPACK -> OpenBLAS) share this one pool.

#include <optional>
#include <string>

namespace oversub {

// openblas_set_num_threads(n); throws InputError (field "threads") for n < 1.
void setBlasThreads(int threads);
// openblas_get_num_threads(): the count the next BLAS call will use.
int blasThreads();
// openblas_get_num_procs(): the CPUs OpenBLAS saw at load.
int blasProcessors();
// openblas_get_config(), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64".
std::string openblasConfig();
// openblas_get_corename(), e.g. "Cooperlake".
std::string openblasCoreName();
// openblas_get_parallel(): 0 sequential, 1 pthreads, 2 OpenMP.
int openblasParallelMode();
// "sequential", "pthreads" or "openmp".
std::string openblasParallelModeName();

// OpenBLAS picks its kernels (the "core") once, when the library loads, from
// CPUID or from OPENBLAS_CORETYPE. Releases older than the CPU fall back to
// their generic "Prescott" core: OpenBLAS 0.3.21 does so on Intel family 6
// model 207 (Emerald Rapids), where dgemm then runs SSE3 code at about a
// quarter of the speed. Returns the core to put in OPENBLAS_CORETYPE before a
// (re-)exec when the loaded core uses narrower vectors than this CPU runs:
// "Cooperlake" (AVX-512 with BF16), "SkylakeX" (AVX-512F), "Haswell" (AVX2 +
// FMA), "Sandybridge" (AVX). nullopt when the loaded core is already as wide,
// or when OPENBLAS_CORETYPE is set (the user chose).
std::optional<std::string> betterOpenblasCoreType();

} // namespace oversub
