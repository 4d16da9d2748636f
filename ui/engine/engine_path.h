#pragma once
// Which engine the window starts. $OVERSUB_ENGINE wins (tests point it at a
// scripted fake, like hotspot's HOTSPOT_PERFPARSER); then the oversub-cli
// built beside the window; then PATH.

#include <QString>

namespace oversub::ui {

// Empty when no engine was found anywhere.
QString resolveEnginePath();

// "engine not found: ..." with every place that was looked at.
QString engineNotFoundMessage();

} // namespace oversub::ui
