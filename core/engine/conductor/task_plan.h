#pragma once
// Which tasks each worker runs.
//   static : tasks split up front into W contiguous chunks (sizes differ by at
//            most one, earlier workers get the extra), like the seed's manual
//            Process code; a worker with zero tasks still starts and reports.
//   dynamic: workers take the next `chunk` tasks from a shared queue whenever
//            they finish their previous chunk, like Pool.map with chunksize.

#include <cstdint>
#include <optional>
#include <vector>

namespace oversub::conductor {

struct TaskRange {
    int64_t first = 0;
    int64_t count = 0;
    int64_t end() const { return first + count; }
    bool operator==(const TaskRange&) const = default;
};

// The static split of `tasks` over `workers`.
std::vector<TaskRange> staticChunks(int64_t tasks, int workers);

class TaskQueue {
public:
    TaskQueue(int64_t tasks, int64_t chunk);
    // The next chunk, nullopt when every task has been handed out.
    std::optional<TaskRange> next();
    int64_t handedOut() const { return next_; }

private:
    int64_t tasks_;
    int64_t chunk_;
    int64_t next_ = 0;
};

} // namespace oversub::conductor
