#pragma once
// Which MPI rank a process of a command's tree is, read from the environment
// its launcher gave it (/proc/PID/environ, readable for the conductor's own
// descendants): mpirun, mpiexec and srun put the rank there before exec, so a
// process that has one is a rank, whatever its name. The launcher itself
// (mpirun, orted, srun) has none. Also the OMP_NUM_THREADS the rank got, which
// the user may have set per rank (mpirun -x, a wrapper script) rather than
// through Oversub's --threads.
//
// A rank variable the conductor has itself, with the same value, was
// inherited from above (oversub-cli started inside a batch script or an srun
// task has SLURM_PROCID): it says nothing about the processes below, so it is
// ignored.

#include <optional>
#include <string_view>

namespace oversub::external {

// A process found by a scan may not have exec'd yet (a launcher forks it with
// its own environment, sets the rank's and execs): its environment is read
// again while it is younger than this, never afterwards.
inline constexpr double kExecLookupSeconds = 2.0;

struct RankIdentity {
    int rank = -1; // MPI_COMM_WORLD rank
    int ompThreads = 0; // its OMP_NUM_THREADS; 0 when unset or not a positive number
};

// The variables looked at, first match wins: OMPI_COMM_WORLD_RANK (Open MPI),
// PMIX_RANK (PMIx: Open MPI 4+, Slurm with PMIx), PMI_RANK (MPICH, Intel MPI),
// SLURM_PROCID (srun tasks).
inline constexpr std::string_view kRankVariables[] = {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"};

// From an environ block ("KEY=value\0KEY=value\0..."); nullopt when no rank
// variable holds a non-negative integer other than the one `inherited` (the
// conductor's own block) holds.
std::optional<RankIdentity> rankIdentityFromEnviron(std::string_view environ, std::string_view inherited = {});

// /proc/PID/environ read and parsed against the conductor's own; nullopt when
// unreadable or not a rank. Before its exec a forked rank still shows its
// launcher's environment.
std::optional<RankIdentity> readRankIdentity(int pid);

// The environ block of `pid` (at most 256 KiB of it); nullopt when unreadable.
std::optional<std::string> readEnviron(int pid);

// The value of `key` in an environ block; "" when absent.
std::string_view environValue(std::string_view environ, std::string_view key);

} // namespace oversub::external
