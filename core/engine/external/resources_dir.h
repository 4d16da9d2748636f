#pragma once
// Where Oversub's resources (teaching scripts, presets) live, for the
// {resources} placeholder of an external command: the environment variable
// OVERSUB_RESOURCES when set and non-empty, else the shipped folder.
//
// The shipped folder is found relative to the running binary, so an
// installed tree works wherever it was unpacked: <exe dir>/../share/oversub
// (OVERSUB_RESOURCES_RELATIVE, from the install layout) when it holds the
// scripts, else the source tree's resources/ compiled in (OVERSUB_RESOURCES_DIR),
// which is what a binary in the build tree uses.

#include <string>

namespace oversub {

std::string resourcesDir();

// The shipped folder, ignoring OVERSUB_RESOURCES.
std::string shippedResourcesDir();

// OVERSUB_RESOURCES names another folder than the shipped one: the programs
// it holds are not the ones Oversub ships, so a preset that runs them needs
// consent like a file (experiment/file_trust.h).
bool resourcesOverridden();

// Where Oversub's own helper programs live, for the {programs} placeholder
// (resources/mpi: oversub-mpi-omp): <exe dir>/../libexec/oversub
// (OVERSUB_PROGRAMS_RELATIVE) when installed, else the build tree's programs
// folder compiled in (OVERSUB_PROGRAMS_DIR). Not overridable: a program found
// there is always one Oversub built.
std::string programsDir();

} // namespace oversub
