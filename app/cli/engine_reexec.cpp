#include "engine_reexec.h"

#include "workloads/blas_threads.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace oversub::cli {

namespace {
constexpr const char* kMarker = "OVERSUB_ENGINE_REEXEC";

// The binary's own path, so the new image keeps its name in ps, top and
// htop (exec'ing /proc/self/exe names the process "exe"); /proc/self/exe
// when the path is gone (replaced while running: " (deleted)").
std::string selfPath() {
    std::vector<char> buffer(4096);
    const ssize_t n = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
    if (n <= 0 || static_cast<size_t>(n) >= buffer.size() - 1) return "/proc/self/exe";
    std::string path(buffer.data(), static_cast<size_t>(n));
    if (path.ends_with(" (deleted)") || ::access(path.c_str(), X_OK) != 0) return "/proc/self/exe";
    return path;
}
} // namespace

void reexecWithSingleThreadedBlasIfNeeded(int argc, char** argv) {
    if (const char* marker = std::getenv(kMarker); marker && std::strcmp(marker, "1") == 0) return;

    // Record the originals whatever happens next, so the machine record can
    // show them even when no re-exec is needed.
    for (const char* name : kThreadEnvironmentVariables)
        if (const char* value = std::getenv(name))
            ::setenv((std::string("OVERSUB_ORIGINAL_") + name).c_str(), value, 1);
    ::setenv(kMarker, "1", 1);

    // OpenBLAS 0.3.21 does not know newer CPUs and falls back to its generic
    // SSE3 kernels (Prescott), several times slower than the CPU allows. When
    // the user chose no core, name the widest one the CPU runs.
    bool changed = false;
    if (const auto core = betterOpenblasCoreType()) {
        ::setenv("OPENBLAS_CORETYPE", core->c_str(), 1);
        ::setenv("OVERSUB_CHOSEN_OPENBLAS_CORETYPE", core->c_str(), 1);
        changed = true;
    }

    const char* current = std::getenv("OPENBLAS_NUM_THREADS");
    if (!changed && current && std::strcmp(current, "1") == 0) return; // the pool already starts empty

    ::setenv("OPENBLAS_NUM_THREADS", "1", 1);
    std::vector<char*> args(argv, argv + argc);
    args.push_back(nullptr);
    ::execv(selfPath().c_str(), args.data());
    // exec failed: carry on with the pool as loaded.
}

void reexecWithSingleThreadedBlasIfNeeded() {
    if (const char* marker = std::getenv(kMarker); marker && std::strcmp(marker, "1") == 0) return;
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::vector<std::string> args;
    std::string arg;
    while (std::getline(in, arg, '\0')) args.push_back(arg);
    if (args.empty()) return;
    std::vector<char*> argv;
    argv.reserve(args.size());
    for (auto& a : args) argv.push_back(a.data());
    reexecWithSingleThreadedBlasIfNeeded(static_cast<int>(argv.size()), argv.data());
}

} // namespace oversub::cli
