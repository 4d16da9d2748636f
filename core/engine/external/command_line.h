#pragma once
// The external command of an experiment, from its text to an argv, without a
// shell: the text is split into words with shell-like quoting ('single'
// quotes keep everything, "double" quotes honour \" \\ \$ \`, a backslash
// outside quotes escapes the next character; no variables, globs, pipes or
// redirections: write `sh -c '...'` for those). Then each word's
// placeholders are replaced: {workers} {threads} {size} {iterations} {tasks}
// {seed} {resources} {python} {programs} ({python}: a Python that imports
// NumPy, python_finder.h, looked for only when the line names it;
// {programs}: Oversub's helper programs, resources_dir.h); {{ and }} stand
// for literal braces. A brace pair around
// any other name ({foo}) is refused, so a typo never runs silently; braces
// that do not enclose a plain name ("{}", "{ print $1 }") stay as they are.

#include "experiment/experiment.h"

#include <string>
#include <string_view>
#include <vector>

namespace oversub {

// The placeholder names, without braces, in the order documented above.
const std::vector<std::string>& commandPlaceholders();

// Words of `text`. Throws InputError (field "command") for an unbalanced
// quote or a trailing backslash.
std::vector<std::string> splitCommandLine(std::string_view text);

// `word` with its placeholders replaced by the experiment's values.
// Throws InputError (field "command") naming an unknown placeholder and the
// allowed ones.
std::string substitutePlaceholders(std::string_view word, const Experiment& experiment);

// Split, then substitute, every word. Throws InputError (field "command")
// when the result is empty.
std::vector<std::string> commandArgv(const Experiment& experiment);

// argv as one line a shell would read back the same (for messages).
std::string quotedCommandLine(const std::vector<std::string>& argv);

} // namespace oversub
