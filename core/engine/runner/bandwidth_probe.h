#pragma once
// Measures the machine's memory bandwidth with the triad kernel, once with
// one worker and once with one worker per allowed PU, through the conductor
// (the same worker processes every experiment uses), and keeps the result in
// the bandwidth cache (bandwidth_cache.h) so it is measured once per machine.
// Arrays are sized well above the last-level cache (see docs/analysis.md).

#include "analysis/bandwidth_cache.h"
#include "machine/topology.h"

#include <optional>
#include <string>

namespace oversub::analysis {

// The key of this machine: CPU model, its PU count, kernel "triad".
BandwidthKey machineBandwidthKey(const TopologyInfo& topology, const std::string& cpuModel);

// The triad size n (arrays of n*n doubles) for `workers` concurrent workers:
// together their three arrays take 4x the machine's last-level caches (all
// instances; implausible sizes replaced, topology/cache_fit.h), at least 256 MiB and
// at most 2 GiB in all, so the probe measures memory, not cache.
int probeSize(const TopologyInfo& topology, int workers);

// Runs the two probe runs now. Throws what runExperiment throws (InputError,
// MemoryRefused) and std::runtime_error when a probe run fails.
BandwidthRecord probeBandwidth(const Topology& topology, const std::string& cpuModel);

// Probe results whose workers waited for a CPU more than this share of their
// time are used once but not cached: other processes were competing.
inline constexpr double kProbeMaxRunqWaitShare = 0.2;

// The cached record for this machine; when there is none and `probeIfMissing`,
// probes and writes the cache (a cache that cannot be written is not an
// error; a contended probe is not cached).
std::optional<BandwidthRecord> machineBandwidth(const Topology& topology, const std::string& cpuModel,
                                                bool probeIfMissing,
                                                const std::string& cachePath = defaultBandwidthCachePath());

} // namespace oversub::analysis
