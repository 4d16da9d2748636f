#include "external/resources_dir.h"

#include <cstdlib>

#ifndef OVERSUB_RESOURCES_DIR
#error "OVERSUB_RESOURCES_DIR must be defined by the build (core/CMakeLists.txt)"
#endif

namespace oversub {

std::string resourcesDir() {
    if (const char* fromEnv = std::getenv("OVERSUB_RESOURCES"); fromEnv && *fromEnv) return fromEnv;
    return OVERSUB_RESOURCES_DIR;
}

bool resourcesOverridden() { return resourcesDir() != OVERSUB_RESOURCES_DIR; }

} // namespace oversub
