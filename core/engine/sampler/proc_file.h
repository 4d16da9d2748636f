#pragma once
// A /proc (or fixture) file opened once and re-read from offset 0 with pread
// on every tick. Opening a /proc file costs more than reading it (platform
// notes: 1.7% vs 0.6% of a core for 64 threads at 20 Hz), and seq_file
// regenerates its text on every read at offset 0, so one fd is enough.
//
// Reads go into a caller-owned buffer so one buffer serves many files and a
// warm sampler never allocates.

#include <string_view>
#include <vector>

namespace oversub::sampler {

class KeptOpenFile {
public:
    KeptOpenFile() = default;
    // Opens `path` relative to `dirFd` (AT_FDCWD for an absolute path).
    // Returns false, and stays closed, when the file does not exist or cannot
    // be opened (a thread that already exited, a CPU without the file, ...).
    bool open(int dirFd, const char* path);
    ~KeptOpenFile();
    KeptOpenFile(KeptOpenFile&& other) noexcept;
    KeptOpenFile& operator=(KeptOpenFile&& other) noexcept;
    KeptOpenFile(const KeptOpenFile&) = delete;
    KeptOpenFile& operator=(const KeptOpenFile&) = delete;

    bool isOpen() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    void close();

    // Reads the whole file into `buffer` (grown, never shrunk, when the file
    // is larger than its size) and points `text` at the bytes read. Returns
    // false when the read fails: /proc answers ESRCH once the task is gone.
    bool readAll(std::vector<char>& buffer, std::string_view& text) const;

private:
    int fd_ = -1;
};

} // namespace oversub::sampler
