#pragma once
// `oversub --replay FILE`: the replay window instead of the lab. Without
// --at it plays the recording from the start; with --at it shows that
// moment, paused; --screenshot saves the window at that moment (the end by
// default) and --quit-after-run then exits: 0 when saved, 1 when not, 2
// when the file is not a recording.

#include "startup_options.h"

namespace oversub::ui {

class CompareWindow;
class ReplayWindow;

// Opens the window (it deletes itself on close). Returns nullptr after
// printing why to stderr when the file cannot be replayed; `exitCode` is then 2.
ReplayWindow* launchReplay(const StartupOptions& options, int* exitCode);

// `oversub --compare A.jsonl B.jsonl`: the compare window, the same way
// (--at, --speed, --screenshot, --quit-after-run; --chart wall shows the wall
// time tab). nullptr and `exitCode` 2 when either file cannot be compared.
CompareWindow* launchCompare(const StartupOptions& options, int* exitCode);

} // namespace oversub::ui
