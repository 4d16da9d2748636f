#pragma once
// The inputs and results of one run as the conductor holds them, laid out by
// delivery mode:
//   pipe     inputs in private memory the workers do not inherit
//            (MADV_DONTFORK): they only get them through their pipe.
//   fork     inputs in private memory inherited copy-on-write (huge pages
//            when big, so fork stays cheap).
//   shm      inputs in a POSIX shared-memory segment the workers open by name.
//   generate no inputs: each worker builds its own with the same seeds.
// Full results come back into a results area (a second shm segment for shm,
// private non-inherited memory otherwise); scalar results are one checksum a
// task. Every buffer is released, and every segment unlinked, when the
// RunData is destroyed.

#include "conductor/shared_memory.h"
#include "experiment/experiment.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace oversub::conductor {

// The seed of task `task`'s input: the same for every delivery mode and
// every repetition, so all of them compute the same checksum.
uint64_t taskSeed(uint32_t experimentSeed, int64_t task);

class RunData {
public:
    // Allocates and fills the inputs (not for generate). `shmPrefix` names
    // this run's segments ("/oversub-<pid>-<run>-"). Throws std::runtime_error
    // when memory or a segment cannot be had (nothing is left behind).
    RunData(const Experiment& experiment, const std::string& shmPrefix);

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

    // Segment names workers open (empty when not shm).
    const std::string& inputSegmentName() const { return inputShm_.name(); }
    const std::string& resultSegmentName() const { return resultShm_.name(); }
    size_t inputSegmentBytes() const { return inputShm_.size(); }
    size_t resultSegmentBytes() const { return resultShm_.size(); }

    // Unlinks the segments now (workers that mapped them keep their mapping).
    void unlinkSegments();

private:
    int64_t tasks_ = 0;
    size_t inputDoubles_ = 0, outputDoubles_ = 0;
    bool fullResults_ = false;
    MappedBuffer privateInputs_, privateResults_;
    ShmSegment inputShm_, resultShm_;
    std::span<double> inputs_, results_;
};

} // namespace oversub::conductor
