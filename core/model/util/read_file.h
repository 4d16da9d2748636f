#pragma once
// The one whole-file reader: read(2) through an Fd, never a stream. A /proc
// file of a process that exits while it is read fails with ESRCH, which
// libstdc++'s filebuf throws as an exception; here every failure is a value.

#include <cstddef>
#include <optional>
#include <string>

namespace oversub {

// The bytes of the file at `path`, at most `limit` of them (reading stops
// there, so a caller that must tell "exactly the limit" from "more" asks for
// one byte more). std::nullopt when it cannot be opened or a read fails, with
// errno saying why; never throws for either. Resumes after EINTR and short
// reads; works for files whose size says 0 (/proc) and for pipes.
std::optional<std::string> readWholeFile(const std::string& path, size_t limit);

} // namespace oversub
