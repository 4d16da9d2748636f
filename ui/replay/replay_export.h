#pragma once
// Frames of a replay as PNG files, for slides: the current frame, or a
// sequence at a chosen rate of recording time (frame-0001.png, ...), each
// the whole replay window as it shows that moment, written atomically.

#include <QString>

namespace oversub::ui {

class ReplayWindow;

inline constexpr double kMaxFramesPerSecond = 30;
inline constexpr int kMaxFrames = 10000;

// Saves the window as it is. Throws std::runtime_error naming the path.
void exportCurrentFrame(ReplayWindow& window, const QString& path);

// Moves through the whole recording at `framesPerSecond` of recording time
// (0 < rate <= kMaxFramesPerSecond, at most kMaxFrames frames) and saves
// each frame into `directory` (which must exist). Leaves the replay at the
// end. Returns how many frames were written; throws std::runtime_error
// naming the field or the path that failed.
int exportFrames(ReplayWindow& window, const QString& directory, double framesPerSecond);

} // namespace oversub::ui
