#include "analysis/bandwidth_cache.h"

#include "util/atomic_file.h"
#include "util/input_error.h"
#include "util/json_limits.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace oversub::analysis {

namespace {

constexpr int kCacheSchema = 1;

nlohmann::json toJson(const BandwidthRecord& r) {
    return {{"cpu_model", r.key.cpuModel},
            {"pus", r.key.pus},
            {"kernel", r.key.kernel},
            {"one_worker_gbps", r.oneWorkerGbps},
            {"machine_gbps", r.machineGbps},
            {"workers", r.workers},
            {"size", r.size},
            {"measured_at", r.measuredAt},
            {"runq_wait_share", r.runqWaitShare}};
}

BandwidthRecord recordFromJson(const nlohmann::json& j) {
    BandwidthRecord r;
    r.key.cpuModel = j.at("cpu_model").get<std::string>();
    r.key.pus = j.at("pus").get<int>();
    r.key.kernel = j.at("kernel").get<std::string>();
    r.oneWorkerGbps = j.at("one_worker_gbps").get<double>();
    r.machineGbps = j.at("machine_gbps").get<double>();
    r.workers = j.value("workers", 0);
    r.size = j.value("size", 0);
    r.measuredAt = j.value("measured_at", std::string());
    r.runqWaitShare = j.value("runq_wait_share", 0.0);
    return r;
}

// The file's entries, or an empty list for anything unreadable.
nlohmann::json readEntries(const std::string& path) {
    nlohmann::json doc;
    try {
        doc = parseJsonLimited(readFileLimited(path, kMaxJsonBytes, "a bandwidth cache"), path);
    } catch (const InputError&) {
        return nlohmann::json::array(); // missing, too large, too deep or not JSON: measured again
    }
    if (!doc.is_object() || doc.value("schema", 0) != kCacheSchema) return nlohmann::json::array();
    const auto it = doc.find("entries");
    return it != doc.end() && it->is_array() ? *it : nlohmann::json::array();
}

} // namespace

std::string defaultBandwidthCachePath() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && xdg[0] == '/')
        return std::string(xdg) + "/oversub/bandwidth.json";
    if (const char* home = std::getenv("HOME"); home && home[0] != '\0')
        return std::string(home) + "/.cache/oversub/bandwidth.json";
    return "";
}

std::optional<BandwidthRecord> readCachedBandwidth(const std::string& path, const BandwidthKey& key) {
    if (path.empty()) return std::nullopt;
    for (const auto& entry : readEntries(path)) {
        try {
            auto record = recordFromJson(entry);
            if (record.key == key && record.oneWorkerGbps > 0 && record.machineGbps > 0) return record;
        } catch (const nlohmann::json::exception&) {
            // A malformed entry is skipped like a missing one.
        }
    }
    return std::nullopt;
}

void writeCachedBandwidth(const std::string& path, const BandwidthRecord& record) {
    if (path.empty()) throw std::runtime_error("bandwidth cache: no path (neither XDG_CACHE_HOME nor HOME is set)");
    auto kept = nlohmann::json::array();
    for (const auto& entry : readEntries(path)) {
        try {
            if (recordFromJson(entry).key == record.key) continue;
        } catch (const nlohmann::json::exception&) {
            continue;
        }
        kept.push_back(entry);
    }
    kept.push_back(toJson(record));
    const auto dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) throw std::runtime_error("bandwidth cache: cannot create " + dir.string() + ": " + ec.message());
    writeFileAtomically(path, nlohmann::json{{"schema", kCacheSchema}, {"entries", kept}}.dump(2) + "\n");
}

} // namespace oversub::analysis
