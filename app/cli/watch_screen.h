#pragma once
// Where `oversub-cli watch` without --events puts its samples on stdout
// (watch_table.h renders them): on a terminal a table redrawn in place at
// the sample rate with ANSI codes (cursor home, clear), the cursor hidden
// meanwhile and shown again when the watch ends; elsewhere (a pipe, a file)
// one plain line a sample with no escape codes. Other events (watch_done)
// are not shown: their findings reach stderr anyway.

#include "watch/watch.h"
#include "watch_table.h"

#include <memory>

namespace oversub::cli {

// The sink for stdout: the table when it is a terminal (not TERM=dumb),
// else plain lines.
// Throws OutputError when stdout cannot be written (a full disk); a reader
// that closed the pipe ends the watch instead.
std::unique_ptr<watch::WatchSink> makeScreenSink();

} // namespace oversub::cli
