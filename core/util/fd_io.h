#pragma once
// The two descriptor chores every writer in Oversub shares: writing a whole
// buffer through short writes and signals, and making a new directory entry
// durable.

#include <cstddef>
#include <string>
#include <string_view>

namespace oversub {

// Writes all of `bytes`, resuming after EINTR and short writes. Returns false
// with errno set on the first real error (EPIPE, ENOSPC, EFBIG, ...).
bool writeAll(int fd, const void* data, size_t bytes);
// Reads exactly `bytes`, resuming after EINTR and short reads. Returns false
// at end of file before that (errno 0) or on the first real error.
bool readAll(int fd, void* data, size_t bytes);
inline bool writeAll(int fd, std::string_view bytes) { return writeAll(fd, bytes.data(), bytes.size()); }

// fsyncs the directory holding `path`, so a file just created or renamed
// there survives a power cut with its name. Best effort: a directory that
// cannot be opened is left as it is (the file's own bytes are already synced).
void syncDirectoryOf(const std::string& path);

} // namespace oversub
