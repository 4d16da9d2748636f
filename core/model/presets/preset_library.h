#pragma once
// Teaching presets: experiment files with a title, a story, a question to
// predict before running and the lesson to read after. They tell the seed's
// four stories (inherited affinity, data delivery, processes x threads,
// memory- vs compute-bound) plus a full sweep. Compiled into every front end.

#include "experiment/experiment.h"

#include <string>
#include <vector>

namespace oversub::presets {

// One claim a preset makes about its own sweep, checked against what was
// measured: "point is faster than baseline" (or "not-slower"), or
// "scales-less": point's speedup over baseline is smaller than the speedup
// of thanPoint over thanBaseline (element-wise gains less from a second
// worker than scalar does).
struct PresetExpectation {
    std::string point; // sweep point label, e.g. "affinity=scatter"
    std::string baseline; // e.g. "affinity=single"
    std::string claim; // "faster" | "not-slower" | "scales-less"
    std::string thanPoint; // scales-less only
    std::string thanBaseline;
};

struct Preset {
    std::string name; // "inherited-affinity", used by --preset NAME
    std::string title;
    std::string story;
    std::string question;
    std::string lesson;
    std::vector<PresetExpectation> expectations;
    Experiment experiment; // knobs and sweep; experiment.preset holds the texts
};

// Every preset, in menu order. Parsed once; a preset that fails to parse is a
// build defect and throws (tests load them all).
const std::vector<Preset>& builtinPresets();

// The preset called `name`; InputError (field "preset") listing the names otherwise.
const Preset& presetByName(const std::string& name);

// "default, inherited-affinity, ..." for help and error texts.
std::string presetNames();

} // namespace oversub::presets
