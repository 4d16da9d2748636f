#pragma once
// What `oversub-cli --version` prints: a few "name: value" lines, the
// version first, then the libraries that decide what a run measures (the
// OpenBLAS build and the core it picked, the hwloc it runs with and the one
// it was compiled against). The window's --version prints these lines too,
// read from the engine it would start.

#include <string>

namespace oversub::cli {

// The lines, joined by '\n', without a trailing newline (CLI11 adds it).
std::string versionText();

} // namespace oversub::cli
