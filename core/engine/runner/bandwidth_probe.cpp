#include "runner/bandwidth_probe.h"

#include "topology/cache_fit.h"

#include "experiment/experiment.h"
#include "runner/conductor.h"
#include "workloads/kernel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <stdexcept>

namespace oversub::analysis {

namespace {

// Arrays of all workers together: at least this many times the machine's
// last-level caches, within the bounds below (a box with 2 MB of cache still
// streams 256 MiB; one whose caches would ask for more than 2 GiB is far
// past them at 2 GiB).
constexpr double kCacheMultiple = 4.0;
constexpr double kMinBytesInAll = 256.0 * 1024 * 1024;
constexpr double kMaxBytesInAll = 2048.0 * 1024 * 1024;
// ~0.7 s of traffic at 30 GB/s: the first touch of the output is then a few
// percent of the time.
constexpr double kTargetBytesPerWorker = 2e10;

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

struct ProbeRun {
    double gbps = 0;
    double runqWaitShare = 0;
};

// Aggregate GB/s of one probe run: each worker's bytes over its own compute
// time, summed (the workers stream at the same time).
ProbeRun probeRun(const Topology& topology, int workers) {
    const auto& kernel = kernelFor(Workload::Triad);
    Experiment x = defaults();
    x.workload = Workload::Triad;
    x.size = probeSize(topology.info(), workers);
    const double bytesPerPass = kernel.bytes(static_cast<int>(x.size), 1);
    x.iterations = std::max<int64_t>(5, static_cast<int64_t>(std::ceil(kTargetBytesPerWorker / bytesPerPass)));
    x.tasks = workers;
    x.workers = workers;
    x.threads = 1;
    x.schedule = Schedule::Static;
    x.affinity = AffinityPolicy::Scatter;
    x.delivery = Delivery::Generate;
    x.result = ResultReturn::Scalar;
    x.repeat = 1;
    x.warmup = 0;

    conductor::NullSink sink;
    conductor::RunRequest request;
    request.experiment = x;
    request.pointLabel = "bandwidth probe";
    const auto outcome = conductor::runExperiment(request, topology, sink);
    if (outcome.status != conductor::RunStatus::Ok)
        throw std::runtime_error("bandwidth probe with " + std::to_string(workers) + " worker(s) did not finish: " +
                                 (outcome.error ? outcome.error->message : std::string(toString(outcome.status))));
    const double bytesPerTask = kernel.bytes(static_cast<int>(x.size), static_cast<int>(x.iterations));
    ProbeRun result;
    for (const auto& w : outcome.done.workers) {
        if (w.computeSeconds > 0) result.gbps += static_cast<double>(w.tasks) * bytesPerTask / w.computeSeconds / 1e9;
        const double wanted = w.cpuSeconds + w.runqWaitSeconds;
        if (wanted > 0) result.runqWaitShare = std::max(result.runqWaitShare, w.runqWaitSeconds / wanted);
    }
    if (result.gbps <= 0) throw std::runtime_error("bandwidth probe measured no compute time");
    return result;
}

} // namespace

BandwidthKey machineBandwidthKey(const TopologyInfo& topology, const std::string& cpuModel) {
    // "triad-dram": records of the older, cache-sized probe are not reused.
    return {cpuModel, topology.puCount(), "triad-dram"};
}

int probeSize(const TopologyInfo& topology, int workers) {
    const double cache = static_cast<double>(lastLevelCacheBytes(topology));
    const double inAll = std::clamp(kCacheMultiple * cache, kMinBytesInAll, kMaxBytesInAll);
    const double perWorker = inAll / std::max(1, workers);
    return static_cast<int>(std::ceil(std::sqrt(perWorker / 24.0))); // three arrays of n*n doubles
}

BandwidthRecord probeBandwidth(const Topology& topology, const std::string& cpuModel) {
    BandwidthRecord r;
    r.key = machineBandwidthKey(topology.info(), cpuModel);
    r.workers = std::max(1, topology.info().allowed.count());
    r.size = probeSize(topology.info(), r.workers);
    const ProbeRun one = probeRun(topology, 1);
    const ProbeRun all = r.workers > 1 ? probeRun(topology, r.workers) : one;
    r.oneWorkerGbps = one.gbps;
    r.machineGbps = all.gbps;
    r.runqWaitShare = std::max(one.runqWaitShare, all.runqWaitShare);
    r.measuredAt = utcNow();
    return r;
}

std::optional<BandwidthRecord> machineBandwidth(const Topology& topology, const std::string& cpuModel,
                                                bool probeIfMissing, const std::string& cachePath) {
    if (auto cached = readCachedBandwidth(cachePath, machineBandwidthKey(topology.info(), cpuModel))) return cached;
    if (!probeIfMissing) return std::nullopt;
    auto record = probeBandwidth(topology, cpuModel);
    try {
        if (!cachePath.empty() && record.runqWaitShare <= kProbeMaxRunqWaitShare)
            writeCachedBandwidth(cachePath, record);
    } catch (const std::exception&) {
        // Not cached: measured again next time, which is all it costs.
    }
    return record;
}

} // namespace oversub::analysis
