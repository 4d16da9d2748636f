#pragma once
// The attach dialog's process list, asked of the engine: runs
// `oversub-cli processes --json` and parses its answer (events/process_list.h),
// so the window itself never reads /proc.

#include "events/process_list.h"

#include <QString>

#include <vector>

namespace oversub::ui {

// How long the dialog waits for the list before it says the engine did not answer.
inline constexpr int kProcessListTimeoutMs = 5000;

// The running processes, in pid order. Throws std::runtime_error with a
// sentence for the user when the engine is missing, fails or answers garbage.
std::vector<sampler::ProcessListEntry> processesFromEngine();

} // namespace oversub::ui
