#pragma once
// Where Oversub may write on the user's behalf. Every output path (results
// JSON and CSV, the event stream, the journal, exported charts) is checked
// before anything runs, so a typo costs nothing and a path planted by someone
// else cannot be turned against the user (a root run must never replace
// /dev/full or follow a link into a root-only file):
//   - only a regular file (new or existing) in a folder that exists and can
//     be written; never a directory, a device, a FIFO, a socket or a
//     symbolic link;
//   - streamed outputs (events, journal) are opened with O_NOFOLLOW and
//     checked again on the open descriptor (a file swapped in between is
//     caught), new ones get the mode the umask allows;
//   - replaced outputs (results, CSV, charts) go through writeFileAtomically,
//     which keeps an existing file's mode and gives new ones the umask's.
// Every refusal and write error is an OutputError naming the flag or file,
// the path and the reason (errno text); oversub-cli exits 7 on it.

#include <stdexcept>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace oversub {

class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class OutputWrite {
    Replace, // written whole to a temporary file, then renamed over the path
    InPlace, // opened and written as the run goes (events, journal)
};

// Throws OutputError("<what> '<path>': <reason>") when `path` cannot hold an
// output written the `how` way. `what` names the flag or file ("--out").
void checkOutputPath(std::string_view what, const std::string& path, OutputWrite how);

// Opens `path` for writing in place with `accessFlags` (O_WRONLY | O_TRUNC,
// O_RDWR | O_APPEND, ...): created if missing (0666 less the umask), never
// through a symbolic link, only if it is a regular file. Returns the
// descriptor; throws OutputError as checkOutputPath does.
int openInPlace(std::string_view what, const std::string& path, int accessFlags);

// The mode a new file gets: 0666 less this process's umask.
mode_t newFileMode();

// "<what> '<path>': <reason>", the shape of every output error.
std::string outputProblem(std::string_view what, const std::string& path, const std::string& reason);

} // namespace oversub
