#pragma once
// The table of every experiment knob (name, kind, range, default, unit, help,
// choices, sweepability, visibility, panel group) and the one validator of a
// knob's text value. Everything that reads or shows a knob goes through here.

#include "knobs/knob.h"

#include <string>
#include <string_view>
#include <vector>

namespace oversub {

// Every knob, in the order the window and `oversub-cli knobs` show them.
const std::vector<Knob>& knobTable();

// The knob called `name`; throws InputError("knob", name, <known names>) when unknown.
const Knob& knob(std::string_view name);

// The knob called `name`, or nullptr.
const Knob* findKnob(std::string_view name);

// Checks `text` against the knob and returns its normalised form
// ("007" -> "7", "0.50" -> "0.5", "GEMM" -> "gemm", " yes " -> "true").
// Throws InputError(knob.name, text, knob.allowedText()) when it does not fit.
std::string validateValue(const Knob& knob, std::string_view text);

// Shortest text that reads back to exactly `value` ("0.1", "10", "1e-05").
std::string formatDouble(double value);

// Checks the syntax of "LIST[;LIST...]" (LIST: "0-3,8" or "0x3"); "" is allowed
// (no list). Whether the cpus exist is for placement to say. Throws InputError.
void checkCpuListsSyntax(std::string_view field, std::string_view text);

} // namespace oversub
