#include "engine_reexec.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

namespace oversub::cli {

namespace {
constexpr const char* kMarker = "OVERSUB_ENGINE_REEXEC";
}

void reexecWithSingleThreadedBlasIfNeeded(int argc, char** argv) {
    if (const char* marker = std::getenv(kMarker); marker && std::strcmp(marker, "1") == 0) return;

    // Record the originals whatever happens next, so the machine record can
    // show them even when no re-exec is needed.
    for (const char* name : kThreadEnvironmentVariables)
        if (const char* value = std::getenv(name))
            ::setenv((std::string("OVERSUB_ORIGINAL_") + name).c_str(), value, 1);
    ::setenv(kMarker, "1", 1);

    const char* current = std::getenv("OPENBLAS_NUM_THREADS");
    if (current && std::strcmp(current, "1") == 0) return; // the pool already starts empty

    ::setenv("OPENBLAS_NUM_THREADS", "1", 1);
    std::vector<char*> args(argv, argv + argc);
    args.push_back(nullptr);
    ::execv("/proc/self/exe", args.data());
    // exec failed: carry on with the pool as loaded.
}

} // namespace oversub::cli
