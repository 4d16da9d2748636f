#pragma once
// The environment variables that set the thread count of the common
// numerical runtimes (OpenMP, OpenBLAS, MKL, BLIS, Accelerate, NumExpr), given
// to an external command so its `threads` knob means what it means for the
// built-in kernels. OVERSUB_WORKERS and OVERSUB_THREADS are added for
// programs that want to read the point's values themselves.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace oversub {

// OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS, BLIS_NUM_THREADS,
// VECLIB_MAXIMUM_THREADS, NUMEXPR_NUM_THREADS.
const std::vector<std::string_view>& threadVariableNames();

// Every thread variable set to `threads` (what run_done.command.thread_env lists).
std::map<std::string, std::string> threadEnvironment(int threads);

// The command's whole environment as "KEY=value" strings: `inherited`
// (an environ-style array, may be null) with the thread variables and
// OVERSUB_WORKERS / OVERSUB_THREADS replaced or added.
std::vector<std::string> commandEnvironment(char** inherited, int workers, int threads);

} // namespace oversub
