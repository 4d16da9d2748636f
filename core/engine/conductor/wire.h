#pragma once
// The framed messages between the conductor and a worker, one pipe each way.
// A frame is a fixed Header, then `recordBytes` of a small fixed record, then
// `dataBytes` of payload (task input or output doubles). The worker side
// reads and writes blocking; the conductor side never blocks: it feeds an
// OutboundQueue on POLLOUT and parses with a FrameReader on POLLIN, reading
// payloads straight into their final place (no intermediate copy).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace oversub::conductor::wire {

enum class Kind : uint32_t {
    // worker -> conductor
    Ready = 1, // record: ReadyRecord + tids (int32) + allowed PUs (int32)
    TaskDone = 2, // record: TaskDoneRecord; data: the output (full return through the pipe)
    Failure = 3, // record: UTF-8 message; the worker _exits non-zero right after
    // conductor -> worker
    Assign = 10, // record: AssignRecord; count 0 means "no more work, exit"
    TaskInput = 11 // data: the task's input doubles (pipe delivery)
};

struct Header {
    Kind kind;
    int32_t task; // task index, -1 when not about a task
    uint32_t recordBytes;
    uint32_t reserved;
    uint64_t dataBytes;
};
static_assert(sizeof(Header) == 24);

struct ReadyRecord {
    int32_t pid;
    int32_t tidCount;
    int32_t puCount;
    int32_t reserved;
    double forkedS; // first instruction in the child (run clock)
    double readyS; // bound, BLAS threads set, about to report
};

struct AssignRecord {
    int64_t first;
    int64_t count;
};

struct TaskDoneRecord {
    int64_t task;
    double startS; // delivery began (run clock)
    double computeStartS;
    double computeEndS;
    double checksum; // of the output, computed in the worker
    int32_t lastCpu; // PU the worker ran on when the task ended
    int32_t reserved;
};

// Blocking helpers for the worker side. Return false on EOF or error
// (reading and writing a whole buffer: util/fd_io.h).
bool writeFrame(int fd, Kind kind, int32_t task, std::span<const std::byte> record, std::span<const std::byte> data);

// Sets both ends' pipe buffer (F_SETPIPE_SZ); best effort, returns the size set.
int enlargePipe(int fd, int bytes);

// Conductor side: frames waiting to be written to one worker, written with
// non-blocking writev as the pipe drains. Payload bytes are referenced, not
// copied: they must outlive the queue (they live in the run's input arena).
class OutboundQueue {
public:
    void push(Kind kind, int32_t task, std::span<const std::byte> record, std::span<const std::byte> data);
    bool empty() const { return pieces_.empty(); }
    // Writes as much as the pipe takes. Returns false on a write error other
    // than EAGAIN (the worker is gone).
    bool flush(int fd);
    size_t pendingBytes() const;

private:
    struct Piece {
        std::vector<std::byte> owned; // header + record
        std::span<const std::byte> borrowed; // payload
        size_t offset = 0;
    };
    std::deque<Piece> pieces_;
};

// Conductor side: incremental frame parser over a non-blocking fd.
class FrameReader {
public:
    // Asked for where a frame's data goes once its header and record are in;
    // return an empty span to have the reader keep the data in data().
    using DataTarget = std::function<std::span<std::byte>(const Header&, std::span<const std::byte> record)>;
    // Called for every complete frame.
    using OnFrame =
        std::function<void(const Header&, std::span<const std::byte> record, std::span<const std::byte> data)>;

    // Reads what is available. Returns false on EOF (or a read error);
    // `eof()` then tells which. Throws std::runtime_error on a malformed frame.
    bool pump(int fd, const DataTarget& target, const OnFrame& onFrame);
    bool midFrame() const { return stage_ != Stage::Header || got_ != 0; }

private:
    enum class Stage { Header, Record, Data };
    Stage stage_ = Stage::Header;
    Header header_{};
    std::vector<std::byte> record_;
    std::vector<std::byte> ownedData_;
    std::span<std::byte> data_;
    size_t got_ = 0;
};

template <typename T>
std::span<const std::byte> asBytes(const T& value) {
    return std::as_bytes(std::span<const T, 1>(&value, 1));
}

} // namespace oversub::conductor::wire
