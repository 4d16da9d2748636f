#include "conductor/run_data.h"

#include "workloads/kernel.h"

namespace oversub::conductor {

uint64_t taskSeed(uint32_t experimentSeed, int64_t task) {
    // splitmix64 of (seed, task): distinct, well-mixed seeds per task.
    uint64_t z = (static_cast<uint64_t>(experimentSeed) << 32) ^ static_cast<uint64_t>(task);
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

RunData::RunData(const Experiment& experiment, const std::function<bool()>& keepGoing)
    : tasks_(experiment.tasks), fullResults_(experiment.result == ResultReturn::Full) {
    const Kernel& kernel = kernelFor(experiment.workload);
    const int size = static_cast<int>(experiment.size);
    inputDoubles_ = kernel.inputDoubles(size);
    outputDoubles_ = kernel.outputDoubles(size);
    const size_t inputBytes = inputDoubles_ * sizeof(double) * static_cast<size_t>(tasks_);
    const size_t resultBytes = outputDoubles_ * sizeof(double) * static_cast<size_t>(tasks_);

    switch (experiment.delivery) {
    case Delivery::Pipe:
        privateInputs_ = MappedBuffer(inputBytes, MappedBuffer::Inherit::NotInherited);
        inputs_ = privateInputs_.doubles();
        break;
    case Delivery::Fork:
        privateInputs_ = MappedBuffer(inputBytes, MappedBuffer::Inherit::CopyOnWrite);
        inputs_ = privateInputs_.doubles();
        break;
    case Delivery::Shm:
        inputShm_ = ShmSegment::create("oversub-inputs", inputBytes);
        inputs_ = inputShm_.doubles().first(inputBytes / sizeof(double));
        break;
    case Delivery::Generate: break;
    }
    if (fullResults_) {
        if (experiment.delivery == Delivery::Shm) {
            resultShm_ = ShmSegment::create("oversub-results", resultBytes);
            results_ = resultShm_.doubles().first(resultBytes / sizeof(double));
        } else {
            privateResults_ = MappedBuffer(resultBytes, MappedBuffer::Inherit::NotInherited);
            results_ = privateResults_.doubles();
        }
    }
    if (!inputs_.empty())
        for (int64_t task = 0; task < tasks_ && keepGoing(); ++task)
            kernel.fillInput(inputs_.subspan(static_cast<size_t>(task) * inputDoubles_, inputDoubles_), size,
                             taskSeed(experiment.seed, task));
}

std::span<const double> RunData::input(int64_t task) const {
    if (inputs_.empty()) return {};
    return inputs_.subspan(static_cast<size_t>(task) * inputDoubles_, inputDoubles_);
}

std::span<double> RunData::output(int64_t task) const {
    if (results_.empty()) return {};
    return results_.subspan(static_cast<size_t>(task) * outputDoubles_, outputDoubles_);
}

} // namespace oversub::conductor
