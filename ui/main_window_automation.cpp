// The automation flags: --run / --sweep start as soon as the window is up,
// --screenshot saves the window after the run (or once the machine is
// shown), --quit-after-run exits with the run's status.
#include "main_window.h"

#include "error_banner.h"
#include "export_actions.h"
#include "live_view.h"
#include "panel/knob_panel.h"

#include <QCoreApplication>
#include <QLabel>

#include <cstdio>

namespace oversub::ui {

void MainWindow::runAutomation() {
    if (options_.run || options_.sweep) {
        if (!(options_.sweep ? startSweep() : startRun())) {
            std::fprintf(stderr, "oversub: cannot run: %s\n",
                         qPrintable(!panel_->isValid()                          ? panel_->problem()
                                    : options_.sweep && !panel_->isSweepValid() ? panel_->sweepProblem()
                                                                                : banner_->message()));
            finishAutomation(false);
        }
        return;
    }
    // Screenshot without a run: once the machine (and the preview, or a few
    // live samples) is on screen.
    auto shoot = [this] { QTimer::singleShot(isWhatIf() ? 800 : 1500, this, [this] { finishAutomation(true); }); };
    if (live_->hasMachine()) shoot();
    else connect(this, &MainWindow::topologyShown, this, shoot, Qt::SingleShotConnection);
}

void MainWindow::finishAutomation(bool ok) {
    if (!automationPending_) return;
    automationPending_ = false;
    int status = ok ? 0 : 1;
    if (!options_.screenshotPath.isEmpty()) {
        QCoreApplication::processEvents();
        if (!exports_->exportWindowPng(options_.screenshotPath)) status = 1;
    }
    if (!ok) std::fprintf(stderr, "oversub: %s\n", qPrintable(statusText_->text()));
    emit automationDone(status);
    if (options_.quitAfterRun) QCoreApplication::exit(status);
}

} // namespace oversub::ui
