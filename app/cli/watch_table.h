#pragma once
// `oversub-cli watch` for a person (no --events): each sample as a per-PU
// table like top or mpstat, or as one plain line when stdout is not a
// terminal. Pure functions from a sample to text, so they are tested
// without a terminal; watch_screen.h writes them.
//
// The table fits the terminal: a header (the time, the machine's busy share
// and, when a process tree is watched, the oversubscription gauge the
// samples carry), then one row per PU; when the PUs do not fit, as many as
// do (those the watched threads are on, then the busiest) and a last line
// saying how many are hidden, so a 512-PU machine stays one screen. No line
// is longer than the terminal is wide.

#include "events/event.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace oversub::cli {

// Above this many PUs a plain line gives the mean, least and most busy PU
// instead of each PU's share (as the window's load chart does above 16).
inline constexpr int kMaxPusInPlainLine = 16;

struct TerminalSize {
    int rows = 24;
    int columns = 80;
};

// The watched processes' names by pid, as the samples introduced them.
using ProcessNames = std::unordered_map<int, std::string>;

// The table for `sample` taken at wall-clock `clock` ("03:41:07"): at most
// size.rows lines (none when rows < 1), none longer than size.columns.
std::vector<std::string> watchTableLines(const events::Sample& sample, const ProcessNames& names,
                                         std::string_view clock, TerminalSize size);

// One line of "name=value" fields, no escape codes: the time, the busy share
// of each PU (or the mean, min and max above kMaxPusInPlainLine PUs) and the
// gauge when the sample has one.
std::string watchPlainLine(const events::Sample& sample, std::string_view clock);

} // namespace oversub::cli
