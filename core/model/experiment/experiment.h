#pragma once
// An experiment: one typed value per knob (knobs/knob_table.h), plus an
// optional sweep over some knobs and optional preset text. Read and written
// as JSON (the experiment file); every field is also reachable by knob name
// and text, which is how the CLI flags and the window's panel set it.

#include "experiment/calibration.h"
#include "experiment/sweep_spec.h"
#include "knobs/choices.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oversub {

// Version of the experiment file layout, written as "schema".
inline constexpr int kExperimentSchema = 1;

struct Experiment {
    Workload workload = Workload::Gemm;
    int64_t size = 1000;
    double pastCache = 0; // > 0: streaming kernels sized past the caches (runner/auto_size.h)
    int64_t iterations = 1;
    int64_t tasks = 0; // 0: chosen by a probe so the run lasts durationSeconds (calibration.h)
    double durationSeconds = 4; // used only while tasks is 0
    int workers = 2;
    int threads = 1;
    Schedule schedule = Schedule::Dynamic;
    int64_t chunk = 1;
    AffinityPolicy affinity = AffinityPolicy::Scatter;
    std::string cpus; // "LIST[;LIST...]" for custom affinity, "" otherwise
    Delivery delivery = Delivery::Generate;
    ResultReturn result = ResultReturn::Scalar;
    uint32_t seed = 42;
    int repeat = 1;
    int warmup = 0;
    double timeoutSeconds = 0; // 0 = no limit
    double rateHz = 10;
    std::string command; // your own program instead of a kernel (core/external), "" = built-in kernel
    std::string fault; // test only, grammar in knobs/fault.h, "" = none

    SweepSpec sweep; // knobs to vary; empty = a single point
    // Presentation of a teaching preset: {"title", "story", "question",
    // "lesson", ...}, all strings; null when the file is not a preset.
    nlohmann::json preset;
    // How the engine chose `tasks` from `durationSeconds` for the run this
    // experiment describes; absent until then and when tasks was given.
    std::optional<Calibration> calibration;

    bool operator==(const Experiment&) const = default;
};

// The experiment every front end starts from (all knob defaults).
Experiment defaults();

// Knob value as normalised text ("2", "scatter", "0.5").
// Throws InputError for an unknown knob name.
std::string getKnob(const Experiment& experiment, std::string_view name);

// Validates `value` with the knob table and stores it. Throws InputError
// naming the knob, the value and what is allowed; `experiment` is unchanged then.
void setKnob(Experiment& experiment, std::string_view name, std::string_view value);

// Checks what no single knob can: custom affinity needs cpus, the sweep names
// sweepable knobs with valid values, a fault names an existing worker.
// Throws InputError.
void validateExperiment(const Experiment& experiment);

// The cross-knob checks of one point only (ignores `sweep`). Throws InputError.
void validateSinglePoint(const Experiment& experiment);

// {"schema": 1, "workload": "gemm", "size": 1000, ..., "sweep": [...], "preset": {...}}.
// Hidden knobs at their default, an empty command and an empty sweep/preset are left out.
nlohmann::json toJson(const Experiment& experiment);

// Reverse of toJson. Missing knobs take their defaults. Unknown key, wrong JSON
// type, out-of-range value or unknown choice -> InputError naming the key, the
// value and what is allowed. toJson(experimentFromJson(toJson(e))) == toJson(e).
Experiment experimentFromJson(const nlohmann::json& json);

// Reads an experiment file. Errors name the file (and the field): InputError
// with field "<path>: <key>" for bad content, "<path>" for unreadable/bad JSON.
Experiment loadExperimentFile(const std::string& path);

// The text of an experiment file: toJson pretty-printed, ending in a newline.
std::string experimentFileText(const Experiment& experiment);

// Writes experimentFileText atomically (export/atomic_file.h).
void saveExperimentFile(const std::string& path, const Experiment& experiment);

} // namespace oversub
