#pragma once
// Every file Oversub writes (results JSON, CSV, PNG from the window via a
// path it gets from here) appears whole or not at all: the bytes go to a
// temporary file in the same directory, are fsync'd, then renamed over the
// target. A crash or a full disk leaves the old file (or none), never half.

#include <string>
#include <string_view>

namespace oversub {

// Writes `contents` to `path` atomically. Throws std::runtime_error naming the
// path and the errno text when any step fails; the temporary file is removed.
void writeFileAtomically(const std::string& path, std::string_view contents);

} // namespace oversub
