#pragma once
// Where Oversub's resources (teaching scripts, presets) live, for the
// {resources} placeholder of an external command: the environment variable
// OVERSUB_RESOURCES when set and non-empty, else the directory compiled in
// (OVERSUB_RESOURCES_DIR, the source tree's resources/).

#include <string>

namespace oversub {

std::string resourcesDir();

} // namespace oversub
