#include "external/resources_dir.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef OVERSUB_RESOURCES_DIR
#error "OVERSUB_RESOURCES_DIR must be defined by the build (core/CMakeLists.txt)"
#endif
#ifndef OVERSUB_RESOURCES_RELATIVE
#error "OVERSUB_RESOURCES_RELATIVE must be defined by the build (core/CMakeLists.txt)"
#endif
#if !defined(OVERSUB_PROGRAMS_DIR) || !defined(OVERSUB_PROGRAMS_RELATIVE)
#error "OVERSUB_PROGRAMS_DIR and OVERSUB_PROGRAMS_RELATIVE must be defined by the build (core/CMakeLists.txt)"
#endif

namespace oversub {

namespace {

namespace fs = std::filesystem;

// An installed resources folder always holds the scripts the presets run.
bool looksShipped(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "scripts", ec);
}

// `relative` to the running binary's folder when `isIt` holds there, else `fallback`.
template <typename Check>
std::string besideBinary(const char* relative, Check isIt, const char* fallback) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.has_parent_path()) {
        const fs::path installed = (exe.parent_path() / relative).lexically_normal();
        if (isIt(installed)) return installed.string();
    }
    return fallback;
}

bool isFolder(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir, ec);
}

} // namespace

std::string shippedResourcesDir() {
    // the binary does not move while it runs
    static const std::string dir = besideBinary(OVERSUB_RESOURCES_RELATIVE, looksShipped, OVERSUB_RESOURCES_DIR);
    return dir;
}

std::string resourcesDir() {
    if (const char* fromEnv = std::getenv("OVERSUB_RESOURCES"); fromEnv && *fromEnv) return fromEnv;
    return shippedResourcesDir();
}

bool resourcesOverridden() { return resourcesDir() != shippedResourcesDir(); }

std::string programsDir() {
    static const std::string dir = besideBinary(OVERSUB_PROGRAMS_RELATIVE, isFolder, OVERSUB_PROGRAMS_DIR);
    return dir;
}

} // namespace oversub
