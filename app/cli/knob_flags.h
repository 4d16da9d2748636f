#pragma once
// One CLI flag per knob, made from the knob table (--workers, --delivery, ...),
// plus --experiment FILE and --preset NAME, for any subcommand that runs an
// experiment, and --allow-command: a program that a file names (as its
// `command` or a swept command axis), or that a preset names while
// OVERSUB_RESOURCES points elsewhere, is refused without it, so opening a
// file never runs a program nobody typed (experiment/file_trust.h). A
// --command flag or a built-in preset needs no consent; the test-only
// `fault` knob is taken from --fault only. After parsing, experiment() merges,
// in this order: the knob defaults, the file or preset, then the flags in
// command-line order.

#include "experiment/experiment.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace oversub::cli {

// Turns a preset name into its experiment; installed by the preset module.
// Without one, --preset is refused with an InputError.
using PresetLoader = std::function<Experiment(const std::string& name)>;
void setPresetLoader(PresetLoader loader);

class KnobFlags {
public:
    // Adds the flags to `command`. Hidden knobs get flags that --help does not
    // show; sweepable knobs take a list "1,2,4" that becomes a sweep axis.
    explicit KnobFlags(CLI::App& command);
    KnobFlags(const KnobFlags&) = delete; // CLI11 writes into this object's members
    KnobFlags& operator=(const KnobFlags&) = delete;

    // The experiment after parsing. A list flag replaces the file's axis for the
    // same knob (in place) or adds a new axis (first listed flag outermost); a
    // single value replaces the axis by a fixed value. Validated as a whole.
    // Throws InputError naming the flag's knob, the value and what is allowed.
    Experiment experiment() const;

    // Knob flags given on the command line, in order, as (knob name, text).
    std::vector<std::pair<std::string, std::string>> givenInOrder() const;

    const std::string& experimentFile() const { return experimentFile_; }
    const std::string& presetName() const { return presetName_; }
    bool allowCommand() const { return allowCommand_; }

private:
    CLI::App& command_;
    std::map<std::string, std::string> text_; // knob name -> flag text
    std::map<const CLI::Option*, std::string> knobOfOption_; // option -> knob name
    std::string experimentFile_;
    std::string presetName_;
    bool allowCommand_ = false;
};

} // namespace oversub::cli
