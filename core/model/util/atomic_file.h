#pragma once
// Every file Oversub replaces (results JSON, CSV, PNG from the window via a
// path it gets from here) appears whole or not at all: the bytes go to a
// temporary file in the same directory, are fsync'd, then renamed over the
// target, and the directory is fsync'd so the new name survives a power cut.
// A crash or a full disk leaves the old file (or none), never half. The file
// keeps an existing target's mode; a new one gets the umask's (0666 less it).

#include <string>
#include <string_view>

namespace oversub {

// Writes `contents` to `path` atomically. The path is checked first
// (checkOutputPath: a regular file or a new one in a writable folder). Throws
// OutputError naming the path and the errno text when any step fails; the
// temporary file is removed.
void writeFileAtomically(const std::string& path, std::string_view contents);

} // namespace oversub
