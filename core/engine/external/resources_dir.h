#pragma once
// Where Oversub's resources (teaching scripts, presets) live, for the
// {resources} placeholder of an external command: the environment variable
// OVERSUB_RESOURCES when set and non-empty, else the directory compiled in
// (OVERSUB_RESOURCES_DIR, the source tree's resources/).

#include <string>

namespace oversub {

std::string resourcesDir();

// OVERSUB_RESOURCES names another folder than the built one: the programs
// it holds are not the ones Oversub ships, so a preset that runs them needs
// consent like a file (experiment/file_trust.h).
bool resourcesOverridden();

} // namespace oversub
