#pragma once
// What `oversub --version` says about the engine the window would start
// (engine_path.h): the "name: value" lines of `oversub-cli --version`
// (OpenBLAS, hwloc), or that it was not found or did not answer. The window
// itself links no engine, so this is how it learns those versions.

#include <QString>

namespace oversub::ui {

// How long `oversub-cli --version` may take before it is killed.
inline constexpr int kEngineVersionTimeoutMs = 10000;

// "engine: PATH" and the engine's lines, or "engine: not found (...)" /
// "engine: PATH did not answer (...)". No trailing newline.
QString engineVersionText(int timeoutMs = kEngineVersionTimeoutMs);

} // namespace oversub::ui
