#include "replay/replay_export.h"

#include "charts/chart_export.h"
#include "charts/load_chart.h"
#include "live_view.h"
#include "replay/replay_player.h"
#include "replay/replay_window.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cmath>
#include <stdexcept>

namespace oversub::ui {
namespace {

void settle(ReplayWindow& window) {
    window.liveView()->loadChart()->redrawNow();
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

} // namespace

void exportCurrentFrame(ReplayWindow& window, const QString& path) {
    settle(window);
    savePng(renderWidget(&window), path);
}

int exportFrames(ReplayWindow& window, const QString& directory, double framesPerSecond) {
    if (!(framesPerSecond > 0 && framesPerSecond <= kMaxFramesPerSecond))
        throw std::runtime_error("frames per second: " + std::to_string(framesPerSecond) +
                                 " is not allowed (allowed: above 0, up to " +
                                 std::to_string(static_cast<int>(kMaxFramesPerSecond)) + ")");
    if (!QFileInfo(directory).isDir()) throw std::runtime_error(directory.toStdString() + ": not a folder");
    ReplayPlayer* player = window.player();
    player->pause();
    const double duration = player->duration();
    const int frames = static_cast<int>(std::floor(duration * framesPerSecond + 1e-9)) + 1;
    if (frames > kMaxFrames)
        throw std::runtime_error(std::to_string(frames) + " frames at " + std::to_string(framesPerSecond) +
                                 " a second: more than " + std::to_string(kMaxFrames) + "; choose a lower rate");
    player->seek(0);
    for (int i = 0; i < frames; ++i) {
        player->seek(std::min(duration, i / framesPerSecond));
        exportCurrentFrame(
            window, QDir(directory).filePath(QStringLiteral("frame-%1.png").arg(i + 1, 4, 10, QLatin1Char('0'))));
    }
    return frames;
}

} // namespace oversub::ui
