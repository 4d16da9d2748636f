#include "replay/replay_launch.h"

#include "charts/chart_export.h"
#include "replay/replay_player.h"
#include "replay/replay_window.h"

#include <QApplication>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace oversub::ui {
namespace {

int chartTab(const QString& chart) {
    if (chart == QLatin1String("timeline")) return 1;
    if (chart == QLatin1String("wall")) return 2;
    return 0;
}

void settleLayouts() {
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

} // namespace

ReplayWindow* launchReplay(const StartupOptions& options, int* exitCode) {
    auto* window = new ReplayWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    QString error;
    if (!window->open(options.replayPath, &error)) {
        std::fprintf(stderr, "oversub: %s\n", qPrintable(error));
        delete window;
        if (exitCode) *exitCode = 2;
        return nullptr;
    }
    if (exitCode) *exitCode = 0;
    if (options.size.isValid()) window->resize(options.size);
    else window->resize(1600, 1000);
    window->chartTabs()->setCurrentIndex(chartTab(options.chart));
    ReplayPlayer* player = window->player();
    player->setSpeed(options.replaySpeed);
    window->show();
    const bool still = options.replayAt >= 0 || !options.screenshotPath.isEmpty();
    if (!still) {
        player->play();
        return window;
    }
    player->seek(options.replayAt >= 0 ? options.replayAt : player->duration());
    if (options.screenshotPath.isEmpty()) return window;
    const QString path = options.screenshotPath;
    const bool quit = options.quitAfterRun;
    QTimer::singleShot(0, window, [window, path, quit] {
        settleLayouts();
        int status = 0;
        try {
            savePng(renderWidget(window), path);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "oversub: %s\n", e.what());
            status = 1;
        }
        if (quit) QCoreApplication::exit(status);
    });
    return window;
}

} // namespace oversub::ui
