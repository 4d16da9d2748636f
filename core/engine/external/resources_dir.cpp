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

namespace oversub {

namespace {

namespace fs = std::filesystem;

// An installed resources folder always holds the scripts the presets run.
bool looksShipped(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "scripts", ec);
}

std::string findShipped() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.has_parent_path()) {
        const fs::path installed = (exe.parent_path() / OVERSUB_RESOURCES_RELATIVE).lexically_normal();
        if (looksShipped(installed)) return installed.string();
    }
    return OVERSUB_RESOURCES_DIR;
}

} // namespace

std::string shippedResourcesDir() {
    static const std::string dir = findShipped(); // the binary does not move while it runs
    return dir;
}

std::string resourcesDir() {
    if (const char* fromEnv = std::getenv("OVERSUB_RESOURCES"); fromEnv && *fromEnv) return fromEnv;
    return shippedResourcesDir();
}

bool resourcesOverridden() { return resourcesDir() != shippedResourcesDir(); }

} // namespace oversub
