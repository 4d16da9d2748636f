#pragma once
// The window's command line (QCommandLineParser), for automation and demos:
//   oversub [--experiment FILE | --preset NAME] [--run | --sweep] [--screenshot OUT.png] [--quit-after-run]
//           [--chart load|wall|speedup|timeline|heatmap]
//           [--synthetic "pack:8 core:32 pu:2"] [--size WxH]

#include <QSize>
#include <QString>
#include <QStringList>

namespace oversub::ui {

struct StartupOptions {
    QString experimentPath;  // empty: the last experiment (QSettings) or the defaults
    QString presetName;      // teaching preset to load instead (its story and question shown)
    bool run = false;        // start a run as soon as the window is up
    bool sweep = false;      // start the panel's workers x threads sweep instead
    QString chart;           // chart tab to show: load | wall | speedup | timeline | heatmap
    QString screenshotPath;  // save the window to this PNG after the run (or once shown)
    bool quitAfterRun = false;
    QString synthetic;       // what-if machine: no run, placement preview only
    QSize size;              // invalid: remembered geometry
    bool ignoreSettings = false; // don't read or write QSettings (automation, tests)
};

struct ParsedOptions {
    StartupOptions options;
    QString error;  // non-empty: print it and exit with status 2
    bool exitNow = false; // --help / --version already printed
};

ParsedOptions parseStartupOptions(const QStringList& arguments);

} // namespace oversub::ui
