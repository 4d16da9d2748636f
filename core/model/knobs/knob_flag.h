#pragma once
// A knob change written as the command-line flag that makes it, so advice
// can name a change the user types as it stands ("--threads 1",
// "--cpus '0;1'") and the window can map the same knob to its field.

#include <string>
#include <string_view>

namespace oversub {

// "--NAME VALUE" for the knob called `name`, the value validated and
// normalised by the knob table; a value a shell would split or expand
// (";", spaces, "" ...) is single-quoted. Throws InputError for an unknown
// knob or a value the knob does not take.
std::string knobFlag(std::string_view name, std::string_view value);

} // namespace oversub
