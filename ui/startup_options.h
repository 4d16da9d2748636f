#pragma once
// The window's command line (QCommandLineParser), for automation and demos:
//   oversub [--experiment FILE | --preset NAME] [--run | --sweep] [--screenshot OUT.png] [--quit-after-run]
//           [--chart load|wall|speedup|timeline|heatmap]
//           [--synthetic "pack:8 core:32 pu:2"] [--size WxH] [--recover ask|restore|discard|leave]
//           [--allow-command] [--remote [user@]host[:port] [--remote-engine PATH]]
//   oversub --replay FILE.jsonl [--at SECONDS] [--speed X] [--chart load|timeline|wall] [--screenshot OUT.png]
//           [--quit-after-run] [--size WxH]
//   oversub --compare A.jsonl B.jsonl [--runs I,J] [--at SECONDS] [--speed X] [--chart wall]
//           [--screenshot OUT.png] [--quit-after-run] [--size WxH]

#include "engine/engine_target.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace oversub::ui {

// What to do with a journal a crash left behind (runs of a sweep that never
// reached the window's clean end): ask, restore it into the run table,
// discard it, or leave it for a later start.
enum class RecoverMode { Ask, Restore, Discard, Leave };

struct StartupOptions {
    QString experimentPath; // empty: the last experiment (QSettings) or the defaults
    QString presetName; // teaching preset to load instead (its story and question shown)
    bool run = false; // start a run as soon as the window is up
    bool sweep = false; // start the panel's workers x threads sweep instead
    QString chart; // chart tab to show: load | wall | speedup | timeline | heatmap
    QString screenshotPath; // save the window to this PNG after the run (or once shown)
    bool quitAfterRun = false;
    QString synthetic; // what-if machine: no run, placement preview only
    QSize size; // invalid: remembered geometry
    bool ignoreSettings = false; // don't read or write QSettings (automation, tests)
    bool allowCommand = false; // the experiment file's program may run without asking (automation)
    // The command line asks by default (leaves them with --no-settings);
    // windows built in code (tests) leave them unless told.
    RecoverMode recover = RecoverMode::Leave;
    // Replay a recorded event stream instead of opening the lab: no engine runs.
    QString replayPath;
    double replayAt = -1; // seconds into the recording to show; < 0: its end (or the start when playing)
    double replaySpeed = 1;
    // Two recordings side by side instead (--compare): their paths, and the
    // run of each (-1: its first measured run). --at and --speed apply too.
    QStringList comparePaths;
    // The engine runs on this host over ssh (engine/engine_target.h); nullopt: here.
    std::optional<RemoteEngine> remote;
    std::pair<int, int> compareRuns{-1, -1};
};

struct ParsedOptions {
    StartupOptions options;
    QString error; // non-empty: print it and exit with status 2
    bool exitNow = false; // --help / --version already printed
};

ParsedOptions parseStartupOptions(const QStringList& arguments);

} // namespace oversub::ui
