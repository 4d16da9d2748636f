#include "conductor/task_plan.h"

#include <algorithm>
#include <stdexcept>

namespace oversub::conductor {

std::vector<TaskRange> staticChunks(int64_t tasks, int workers) {
    if (workers < 1) throw std::invalid_argument("staticChunks: workers < 1");
    std::vector<TaskRange> out;
    const int64_t base = tasks / workers;
    const int64_t extra = tasks % workers;
    int64_t first = 0;
    for (int w = 0; w < workers; ++w) {
        const int64_t count = base + (w < extra ? 1 : 0);
        out.push_back({first, count});
        first += count;
    }
    return out;
}

TaskQueue::TaskQueue(int64_t tasks, int64_t chunk) : tasks_(tasks), chunk_(std::max<int64_t>(chunk, 1)) {}

std::optional<TaskRange> TaskQueue::next() {
    if (next_ >= tasks_) return std::nullopt;
    const TaskRange range{next_, std::min(chunk_, tasks_ - next_)};
    next_ += range.count;
    return range;
}

} // namespace oversub::conductor
