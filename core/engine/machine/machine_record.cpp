#include "machine/machine_record.h"

#include "machine/affinity.h"
#include "machine/memory.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace oversub::machine {
namespace {

template <typename T>
nlohmann::json orNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    const auto last = s.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

// The variables oversub-cli's engine re-exec overrides (app/cli/engine_reexec.h).
bool isReexecVariable(const std::string& name) {
    return name == "OPENBLAS_NUM_THREADS" || name == "GOTO_NUM_THREADS" || name == "OMP_NUM_THREADS" ||
           name == "MKL_NUM_THREADS";
}

} // namespace

const std::vector<std::string>& threadEnvironmentVariables() {
    static const std::vector<std::string> names = {"OMP_NUM_THREADS",  "OPENBLAS_NUM_THREADS",   "MKL_NUM_THREADS",
                                                   "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
                                                   "GOTO_NUM_THREADS", "OPENBLAS_CORETYPE"};
    return names;
}

std::string cpuModel(const std::string& procRoot) {
    std::ifstream in(procRoot + "/cpuinfo");
    std::string line;
    std::string fallback;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = trim(line.substr(0, colon));
        std::string value = trim(line.substr(colon + 1));
        if (key == "model name" && !value.empty()) return value;
        // arm64 and others name it differently.
        if (fallback.empty() && (key == "Hardware" || key == "cpu model" || key == "cpu" || key == "Processor") &&
            !value.empty())
            fallback = value;
    }
    return fallback.empty() ? "unknown" : fallback;
}

nlohmann::json cgroupLimitsToJson(const CgroupLimits& limits) {
    return {{"version", limits.version},
            {"cpu_quota_cpus", orNull(limits.cpuQuotaCpus)},
            {"cpuset_effective", limits.cpusetEffective},
            {"memory_limit_bytes", orNull(limits.memoryLimitBytes)}};
}

nlohmann::json machineRecord(const nlohmann::json& extraFields, const std::string& procRoot,
                             const std::string& cgroupRoot) {
    nlohmann::json record;
    record["cpu_model"] = cpuModel(procRoot);
    record["logical_cpus"] = ::sysconf(_SC_NPROCESSORS_ONLN);

    utsname uts{};
    if (::uname(&uts) == 0)
        record["kernel"] = {
            {"sysname", uts.sysname}, {"release", uts.release}, {"version", uts.version}, {"machine", uts.machine}};
    else record["kernel"] = nullptr;

    char host[256] = {};
    record["hostname"] = ::gethostname(host, sizeof host - 1) == 0 ? nlohmann::json(host) : nlohmann::json(nullptr);
    record["mem_total_bytes"] = orNull(memTotalBytes(procRoot));
    record["mem_available_bytes"] = orNull(memAvailableBytes(procRoot));
    record["cgroup"] = cgroupLimitsToJson(readCgroupLimits(cgroupRoot, procRoot));

    try {
        const CpuSet allowed = currentAffinity();
        record["allowed_cpuset"] = allowed.toList();
        record["allowed_cpu_count"] = allowed.count();
    } catch (const std::exception&) {
        record["allowed_cpuset"] = nullptr;
        record["allowed_cpu_count"] = nullptr;
    }

    // oversub-cli may re-execute itself with OPENBLAS_NUM_THREADS=1 (and a
    // few others) to start with an empty BLAS pool; it keeps what the user had
    // as OVERSUB_ORIGINAL_<NAME> and marks the re-exec with
    // OVERSUB_ENGINE_REEXEC=1. thread_env records the user's values,
    // thread_env_effective what this process runs with.
    const char* reexec = std::getenv("OVERSUB_ENGINE_REEXEC");
    const bool reexecuted = reexec && std::string(reexec) == "1";
    nlohmann::json env = nlohmann::json::object();
    nlohmann::json effective = nlohmann::json::object();
    for (const auto& name : threadEnvironmentVariables()) {
        const char* value = std::getenv(name.c_str());
        effective[name] = value ? nlohmann::json(value) : nlohmann::json(nullptr);
        const char* original = std::getenv(("OVERSUB_ORIGINAL_" + name).c_str());
        if (reexecuted && isReexecVariable(name))
            env[name] = original ? nlohmann::json(original) : nlohmann::json(nullptr);
        else env[name] = effective[name];
    }
    record["thread_env"] = std::move(env);
    record["thread_env_effective"] = std::move(effective);

    if (extraFields.is_object())
        for (const auto& [key, value] : extraFields.items()) record[key] = value;
    return record;
}

} // namespace oversub::machine
