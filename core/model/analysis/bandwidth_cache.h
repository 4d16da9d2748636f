#pragma once
// The machine's measured triad bandwidth, kept between runs so it is measured
// once per machine: $XDG_CACHE_HOME/oversub/bandwidth.json (or
// ~/.cache/oversub/bandwidth.json), one entry per (CPU model, PU count,
// kernel). A missing, unreadable or malformed file reads as "not measured":
// the probe runs again and rewrites it.
//
// {"schema": 1, "entries": [{"cpu_model": "...", "pus": 2, "kernel": "triad",
//   "one_worker_gbps": 30.1, "machine_gbps": 52.4, "workers": 2,
//   "size": 1633, "measured_at": "2024-05-01T10:00:00Z", "runq_wait_share": 0.01}]}

#include <optional>
#include <string>

namespace oversub::analysis {

struct BandwidthKey {
    std::string cpuModel;
    int pus = 0; // PUs of the machine (not just the allowed ones)
    std::string kernel = "triad";
    bool operator==(const BandwidthKey&) const = default;
};

struct BandwidthRecord {
    BandwidthKey key;
    double oneWorkerGbps = 0; // one worker alone
    double machineGbps = 0; // `workers` workers at once, one per allowed PU
    int workers = 0;
    int size = 0; // the kernel's size knob (n: arrays of n*n doubles)
    std::string measuredAt; // UTC, ISO 8601
    // Worst share of the probe workers' time spent waiting for a CPU: above
    // ~20% other processes competed and the numbers are not worth keeping.
    double runqWaitShare = 0;
    bool operator==(const BandwidthRecord&) const = default;
};

// $XDG_CACHE_HOME/oversub/bandwidth.json when XDG_CACHE_HOME is an absolute
// path, else $HOME/.cache/oversub/bandwidth.json; "" when neither is set.
std::string defaultBandwidthCachePath();

// The entry for `key`, or nullopt (no file, no entry, malformed file).
std::optional<BandwidthRecord> readCachedBandwidth(const std::string& path, const BandwidthKey& key);

// Adds or replaces the entry of record.key, keeping the others; creates the
// directory and writes atomically. Throws std::runtime_error naming the path
// when it cannot be written.
void writeCachedBandwidth(const std::string& path, const BandwidthRecord& record);

} // namespace oversub::analysis
