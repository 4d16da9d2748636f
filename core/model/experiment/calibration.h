#pragma once
// How many tasks a run does when the experiment leaves it to `duration`
// (tasks 0): the engine times one task of the kernel in the conductor (a
// probe), once per run or sweep, and picks the tasks so the slowest point
// lasts about `duration`. Every point of a sweep gets the same tasks, so
// speedups compare the same work. What was chosen travels with the
// experiment that ran (its `calibration`), so every record says it.
// The probe itself is the engine's (runner/calibration.h); here are the
// arithmetic and the record, which need no machine.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace oversub {

struct Calibration {
    double targetSeconds = 0; // the experiment's duration
    double probeSecondsPerTask = 0; // one task of the slowest point, on one PU
    // What the conductor spends on one task before the workers start (its
    // input built, for pipe, fork and shm delivery), one after another.
    double prepareSecondsPerTask = 0;
    int probeTasks = 0; // tasks the probe ran (all points together)
    double probeSeconds = 0; // time the probe took
    int parallel = 1; // PUs the slowest point's tasks run on at once
    int64_t tasks = 0; // what was chosen
    std::string point; // the slowest point's label ("" for a single point)
    std::string limitedBy; // "" | "memory" | "tasks": why fewer tasks than the target asks for
    bool operator==(const Calibration&) const = default;
};

// Tasks so that prepareSecondsPerTask * tasks + probeSecondsPerTask *
// tasks / parallel (the run's wall: the conductor builds the inputs one
// after another, the workers share the tasks) is about targetSeconds: rounded to the nearest multiple of `multiple` (so every
// worker gets as many tasks; at least one multiple), at most `maxTasks`
// (rounded down to a multiple when that leaves at least one). `limited`,
// when given, says whether maxTasks cut it. Inputs out of range (a probe of
// 0 s, parallel < 1) give `multiple` tasks.
int64_t calibratedTasks(double probeSecondsPerTask, int parallel, double targetSeconds, int64_t multiple,
                        int64_t maxTasks, bool* limited = nullptr, double prepareSecondsPerTask = 0);

// {"target_s", "probe_s_per_task", "prepare_s_per_task", "probe_tasks", "probe_s", "parallel",
// "tasks", "point", "limited_by"}; docs/events.md, "run_started".
nlohmann::json toJson(const Calibration& calibration);
// Reverse of toJson; InputError naming "calibration.<key>" for a bad value.
Calibration calibrationFromJson(const nlohmann::json& json);

// "calibrated: 24 tasks for ~4 s (one task 0.16 s on one PU, 2 PUs at once)".
std::string calibrationSummary(const Calibration& calibration);

} // namespace oversub
