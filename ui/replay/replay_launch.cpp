#include "replay/replay_launch.h"

#include "charts/chart_export.h"
#include "replay/compare_window.h"
#include "replay/replay_player.h"
#include "replay/replay_window.h"

#include <QApplication>
#include <QTabWidget>
#include <QTimer>
#include <QWidget>

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

// --screenshot: saves the window once its layouts settled; --quit-after-run
// then exits, 0 when saved and 1 when not.
void saveScreenshotSoon(QWidget* window, const StartupOptions& options) {
    if (options.screenshotPath.isEmpty()) return;
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
    saveScreenshotSoon(window, options);
    return window;
}

CompareWindow* launchCompare(const StartupOptions& options, int* exitCode) {
    auto* window = new CompareWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    QString error;
    const auto [runA, runB] = options.compareRuns;
    if (options.comparePaths.size() != CompareWindow::kSides ||
        !window->open({options.comparePaths[0], runA}, {options.comparePaths[1], runB}, &error)) {
        std::fprintf(stderr, "oversub: --compare: %s\n", qPrintable(error));
        delete window;
        if (exitCode) *exitCode = 2;
        return nullptr;
    }
    if (exitCode) *exitCode = 0;
    window->resize(options.size.isValid() ? options.size : QSize(1600, 1000));
    if (options.chart == QLatin1String("wall")) window->tabs()->setCurrentIndex(1);
    window->setSpeed(options.replaySpeed);
    window->show();
    const bool still = options.replayAt >= 0 || !options.screenshotPath.isEmpty();
    if (!still) {
        window->play();
        return window;
    }
    window->seek(options.replayAt >= 0 ? options.replayAt : window->duration());
    saveScreenshotSoon(window, options);
    return window;
}

} // namespace oversub::ui
