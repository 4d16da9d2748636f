#include "experiment/calibration.h"

#include "util/input_error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace oversub {

int64_t calibratedTasks(double probeSecondsPerTask, int parallel, double targetSeconds, int64_t multiple,
                        int64_t maxTasks, bool* limited, double prepareSecondsPerTask) {
    multiple = std::max<int64_t>(1, multiple);
    if (limited) *limited = false;
    int64_t tasks = multiple;
    if (probeSecondsPerTask > 0 && std::isfinite(probeSecondsPerTask) && parallel >= 1 && targetSeconds > 0) {
        const double prepare = std::isfinite(prepareSecondsPerTask) ? std::max(0.0, prepareSecondsPerTask) : 0;
        const double wanted = targetSeconds / (prepare + probeSecondsPerTask / parallel);
        // Nearest multiple, at least one; the cast is safe below 2^62.
        const double groups = std::max(1.0, std::round(std::min(wanted, 4e18) / static_cast<double>(multiple)));
        tasks = static_cast<int64_t>(std::min(groups * static_cast<double>(multiple), 4e18));
    }
    if (tasks > maxTasks) {
        if (limited) *limited = true;
        tasks = maxTasks >= multiple ? maxTasks / multiple * multiple : std::max<int64_t>(1, maxTasks);
    }
    return tasks;
}

nlohmann::json toJson(const Calibration& c) {
    return {{"target_s", c.targetSeconds},
            {"probe_s_per_task", c.probeSecondsPerTask},
            {"prepare_s_per_task", c.prepareSecondsPerTask},
            {"probe_tasks", c.probeTasks},
            {"probe_s", c.probeSeconds},
            {"parallel", c.parallel},
            {"tasks", c.tasks},
            {"point", c.point},
            {"limited_by", c.limitedBy}};
}

Calibration calibrationFromJson(const nlohmann::json& j) {
    if (!j.is_object()) throw InputError("calibration", j.dump(), "an object written by the engine");
    Calibration c;
    auto number = [&](const char* key, double& out) {
        if (!j.contains(key)) return;
        const auto& v = j[key];
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0)
            throw InputError(std::string("calibration.") + key, v.dump(), "a number from 0");
        out = v.get<double>();
    };
    auto integer = [&](const char* key, int64_t& out) {
        if (!j.contains(key)) return;
        const auto& v = j[key];
        if (!v.is_number_integer() || v.get<int64_t>() < 0)
            throw InputError(std::string("calibration.") + key, v.dump(), "a whole number from 0");
        out = v.get<int64_t>();
    };
    auto text = [&](const char* key, std::string& out) {
        if (!j.contains(key)) return;
        if (!j[key].is_string()) throw InputError(std::string("calibration.") + key, j[key].dump(), "a string");
        out = j[key].get<std::string>();
    };
    int64_t probeTasks = 0, parallel = 1;
    number("target_s", c.targetSeconds);
    number("probe_s_per_task", c.probeSecondsPerTask);
    number("prepare_s_per_task", c.prepareSecondsPerTask);
    integer("probe_tasks", probeTasks);
    number("probe_s", c.probeSeconds);
    integer("parallel", parallel);
    integer("tasks", c.tasks);
    text("point", c.point);
    text("limited_by", c.limitedBy);
    c.probeTasks = static_cast<int>(std::min<int64_t>(probeTasks, 1 << 30));
    c.parallel = static_cast<int>(std::clamp<int64_t>(parallel, 1, 1 << 30));
    return c;
}

std::string calibrationSummary(const Calibration& c) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "calibrated: %lld tasks for ~%g s (one task %.3g s on one PU, %d PU%s at once%s%s)",
                  static_cast<long long>(c.tasks), c.targetSeconds, c.probeSecondsPerTask, c.parallel,
                  c.parallel == 1 ? "" : "s", c.point.empty() ? "" : ", slowest point ", c.point.c_str());
    std::string out = line;
    if (c.prepareSecondsPerTask > 0) {
        std::snprintf(line, sizeof line, "; each input built first in %.3g s", c.prepareSecondsPerTask);
        out.insert(out.size() - 1, line);
    }
    if (c.limitedBy == "memory") out += "; fewer than the target asks for: more would not fit in memory";
    else if (c.limitedBy == "tasks") out += "; capped at the most tasks a run may have";
    return out;
}

} // namespace oversub
