#pragma once
// The memory check every run passes before anything is allocated or forked:
// an estimate of the run's peak memory against MemAvailable minus a margin.
// A run that would not fit is refused with the numbers, not discovered by
// the OOM killer halfway through.

#include "experiment/experiment.h"
#include "util/input_error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace oversub::conductor {

struct MemoryEstimate {
    uint64_t inputBytes = 0; // inputs the conductor holds (0 for generate)
    uint64_t resultBytes = 0; // full results the conductor holds (0 for scalar)
    uint64_t perWorkerBytes = 0; // one task's input + output + scratch, pipe buffers, process overhead
    int workers = 0;
    uint64_t totalBytes() const { return inputBytes + resultBytes + perWorkerBytes * static_cast<uint64_t>(workers); }
};

MemoryEstimate estimateMemory(const Experiment& experiment);

// What is kept free for everything else: max(256 MiB, 5% of available).
uint64_t memoryMarginBytes(uint64_t availableBytes);

// Refusal with the numbers; an InputError (field "memory") so every front end
// shows it as one line, with its own exit status (ExitCode::OutOfMemory).
class MemoryRefused : public InputError {
public:
    MemoryRefused(const MemoryEstimate& estimate, uint64_t availableBytes);
    const MemoryEstimate& estimate() const { return estimate_; }
    uint64_t availableBytes() const { return availableBytes_; }

private:
    MemoryEstimate estimate_;
    uint64_t availableBytes_;
};

// Throws MemoryRefused when estimateMemory(experiment) exceeds `availableBytes`
// (default: the machine's MemAvailable) minus the margin. No check when the
// available memory is unknown.
void checkMemory(const Experiment& experiment, std::optional<uint64_t> availableBytes = std::nullopt);

// "1.5 GiB", "12.0 MiB", "512 bytes".
std::string formatBytes(uint64_t bytes);

} // namespace oversub::conductor
