#pragma once
// OpenBLAS sizes its thread pool when the library loads (platform notes,
// pitfall 2/3): a worker later asked for one BLAS thread would still carry an
// idle pool thread that spins with sched_yield and shows up as run-queue
// wait. Commands that fork workers therefore re-execute the engine once with
// OPENBLAS_NUM_THREADS=1, so the pool starts empty; each worker then raises it
// to its own count with openblas_set_num_threads (which works up to 64).
//
// The user's original thread variables are kept as OVERSUB_ORIGINAL_<NAME>
// (only those that were set) so the machine record can show them, and
// OVERSUB_ENGINE_REEXEC=1 marks that this happened: it guards against loops.
//
// The same re-exec sets OPENBLAS_CORETYPE when the user did not and OpenBLAS
// fell back to kernels narrower than the CPU (betterOpenblasCoreType()); the
// choice is kept in OVERSUB_CHOSEN_OPENBLAS_CORETYPE and in the machine record.

namespace oversub::cli {

// The variables whose original values are recorded.
inline constexpr const char* kThreadEnvironmentVariables[] = {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
                                                              "OMP_NUM_THREADS", "MKL_NUM_THREADS"};

// Call first thing in `run`, `sweep` and other commands that start workers.
// Returns only when no re-exec is needed (or it failed: then the run goes on
// with the pool OpenBLAS chose, which the machine record shows).
void reexecWithSingleThreadedBlasIfNeeded(int argc, char** argv);

// The same with the arguments read back from /proc/self/cmdline, for
// subcommands that are not handed argv (command_registry.h).
void reexecWithSingleThreadedBlasIfNeeded();

} // namespace oversub::cli
