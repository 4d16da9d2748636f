#pragma once
// The inputs and results of one run as the conductor holds them, laid out by
// delivery mode:
//   pipe     inputs in private memory the workers do not inherit
//            (MADV_DONTFORK): they only get them through their pipe.
//   fork     inputs in private memory inherited copy-on-write (huge pages
//            when big, so fork stays cheap).
//   shm      inputs in a nameless shared-memory segment (memfd) the workers
//            inherit through fork and map themselves.
//   generate no inputs: each worker builds its own with the same seeds.
// Full results come back into a results area (a second shm segment for shm,
// private non-inherited memory otherwise); scalar results are one checksum a
// task. Every buffer and segment is released when the RunData is destroyed;
// a segment's memory goes when the last worker mapping it is gone too.

#include "conductor/shared_memory.h"
#include "experiment/experiment.h"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace oversub::conductor {

// The seed of task `task`'s input: the same for every delivery mode and
// every repetition, so all of them compute the same checksum.
uint64_t taskSeed(uint32_t experimentSeed, int64_t task);

class RunData {
public:
    // Allocates and fills the inputs (not for generate). `keepGoing` is asked
    // before each task's input is filled: false stops the filling there (a
    // cancel during a multi-GB preparation ends within one task's input); the
    // run is then over and the data is only released. Throws
    // std::runtime_error when memory or a segment cannot be had (nothing is
    // left behind).
    explicit RunData(
        const Experiment& experiment, const std::function<bool()>& keepGoing = [] { return true; });

    int64_t tasks() const { return tasks_; }
    size_t inputDoubles() const { return inputDoubles_; }
    size_t outputDoubles() const { return outputDoubles_; }
    bool fullResults() const { return fullResults_; }

    // The conductor's copy of a task's input (empty for generate).
    std::span<const double> input(int64_t task) const;
    // Every task's input, task after task (fork delivery hands this down).
    std::span<const double> allInputs() const { return inputs_; }
    // Where a task's full output lands (empty for scalar results).
    std::span<double> output(int64_t task) const;

    // Segment descriptors workers inherit and map (-1 when not shm).
    int inputSegmentFd() const { return inputShm_.fd(); }
    int resultSegmentFd() const { return resultShm_.fd(); }
    size_t inputSegmentBytes() const { return inputShm_.size(); }
    size_t resultSegmentBytes() const { return resultShm_.size(); }

private:
    int64_t tasks_ = 0;
    size_t inputDoubles_ = 0, outputDoubles_ = 0;
    bool fullResults_ = false;
    MappedBuffer privateInputs_, privateResults_;
    ShmSegment inputShm_, resultShm_;
    std::span<double> inputs_, results_;
};

} // namespace oversub::conductor
