#pragma once
// A /proc (or fixture) file opened once and re-read from offset 0 with pread
// on every tick. Opening a /proc file costs more than reading it (platform
// notes: 1.7% vs 0.6% of a core for 64 threads at 20 Hz), and seq_file
// regenerates its text on every read at offset 0, so one fd is enough.
//
// Kept descriptors are counted process-wide against a cap (keptFileCap()):
// the sampler keeps three files of every watched thread open and the watch's
// descendant search one more, so a program of thousands of threads would run
// the process out of descriptors. A file opened with openOrReopen() past the
// cap is not kept: every read opens, reads and closes it (the same bytes, at
// the price of the open).
//
// Reads go into a caller-owned buffer so one buffer serves many files and a
// warm sampler never allocates.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace oversub::sampler {

// Descriptors left to everything else when the cap is taken from the limit
// (the event stream, signalfd, eventfd, epoll, a pidfd per watched process,
// hwloc's reads at the end of a watch).
inline constexpr size_t kFdsNotKept = 128;

// The most descriptors all KeptOpenFiles keep open at once before
// openOrReopen() stops keeping them: RLIMIT_NOFILE's soft limit (read on
// each call) less kFdsNotKept, unless set.
size_t keptFileCap();
// A fixed cap (tests and benchmarks reach the fallback with a small one),
// and back to the limit's.
void setKeptFileCap(size_t cap);
void resetKeptFileCap();
// Descriptors KeptOpenFiles keep open now.
size_t keptFileCount();
// Raises RLIMIT_NOFILE's soft limit to its hard limit, so more files stay
// kept; returns the soft limit now in force.
size_t raiseOpenFileLimit();

class KeptOpenFile {
public:
    KeptOpenFile() = default;
    // Opens `path` relative to `dirFd` (AT_FDCWD for an absolute path) and
    // keeps it open whatever the cap (a directory the caller works on).
    // Returns false, and stays closed, when the file does not exist or cannot
    // be opened (a thread that already exited, a CPU without the file, ...).
    bool open(int dirFd, const char* path);
    // The same, kept only within keptFileCap(); past it the file is opened
    // once to see that it exists, and again on every read. `dirFd` must then
    // stay open as long as this object reads.
    bool openOrReopen(int dirFd, const char* path);
    ~KeptOpenFile();
    KeptOpenFile(KeptOpenFile&& other) noexcept;
    KeptOpenFile& operator=(KeptOpenFile&& other) noexcept;
    KeptOpenFile(const KeptOpenFile&) = delete;
    KeptOpenFile& operator=(const KeptOpenFile&) = delete;

    // Readable: kept, or reopened for each read.
    bool isOpen() const { return fd_ >= 0 || reopen_; }
    bool isKept() const { return fd_ >= 0; }
    // The kept descriptor; -1 when not kept.
    int fd() const { return fd_; }
    void close();

    // Reads the whole file into `buffer` (grown, never shrunk, when the file
    // is larger than its size) and points `text` at the bytes read. Returns
    // false when the read fails: /proc answers ESRCH once the task is gone
    // (and a reopened file ENOENT).
    bool readAll(std::vector<char>& buffer, std::string_view& text) const;

private:
    bool openFd(int dirFd, const char* path);

    int fd_ = -1;
    // Not kept: where to open it again for each read.
    bool reopen_ = false;
    int dirFd_ = -1;
    std::string path_;
};

} // namespace oversub::sampler
