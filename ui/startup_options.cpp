#include "startup_options.h"

#include "util/input_error.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace oversub::ui {

ParsedOptions parseStartupOptions(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Oversub: run oversubscription experiments and watch every core and worker thread live."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption experiment(QStringLiteral("experiment"), QStringLiteral("Open this experiment file."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption preset(QStringLiteral("preset"),
                                    QStringLiteral("Load this teaching preset (see oversub-cli presets)."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Run the experiment once the window is up."));
    const QCommandLineOption sweep(QStringLiteral("sweep"),
                                   QStringLiteral("Run the workers x threads sweep once the window is up."));
    const QCommandLineOption chart(QStringLiteral("chart"),
                                   QStringLiteral("Chart tab to show: load, wall, speedup, timeline or heatmap."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window after the run (or once shown)."),
                                        QStringLiteral("OUT.png"));
    const QCommandLineOption quit(QStringLiteral("quit-after-run"),
                                  QStringLiteral("Exit when the run (and the screenshot) is done."));
    const QCommandLineOption synthetic(QStringLiteral("synthetic"),
                                       QStringLiteral("Show a what-if machine (hwloc synthetic description, e.g. "
                                                      "\"pack:8 core:32 pu:2\") with the placement preview."),
                                       QStringLiteral("DESC"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size, e.g. 1920x1080."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption noSettings(QStringLiteral("no-settings"),
                                        QStringLiteral("Neither restore nor remember geometry and last experiment."));
    const QCommandLineOption recover(QStringLiteral("recover"),
                                     QStringLiteral("Runs a crash left in a journal: ask (default), restore, discard "
                                                    "or leave (default with --no-settings)."),
                                     QStringLiteral("MODE"));
    const QCommandLineOption allowCommand(QStringLiteral("allow-command"),
                                          QStringLiteral("Run the program an experiment file names without asking "
                                                         "(like oversub-cli's --allow-command)."));
    const QCommandLineOption replay(QStringLiteral("replay"),
                                    QStringLiteral("Play back a recorded event stream (.jsonl) through the views; "
                                                   "starts no engine."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption at(QStringLiteral("at"),
                                QStringLiteral("With --replay: show the moment this many seconds into the "
                                               "recording (default: its end)."),
                                QStringLiteral("SECONDS"));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("With --replay: play at this speed, 0.1 to 10 (default 1)."),
                                   QStringLiteral("X"));
    const QCommandLineOption compare(QStringLiteral("compare"),
                                     QStringLiteral("Play two recorded event streams (A.jsonl B.jsonl) side by side, "
                                                    "aligned at run start; starts no engine."));
    const QCommandLineOption runs(QStringLiteral("runs"),
                                  QStringLiteral("With --compare: the run of each recording to compare (its run "
                                                 "index, as in run_started), default the first measured run of each."),
                                  QStringLiteral("A,B"));
    const QCommandLineOption remote(QStringLiteral("remote"),
                                    QStringLiteral("Run the engine on this host through ssh (your keys and "
                                                   "~/.ssh/config; no password is asked for)."),
                                    QStringLiteral("[USER@]HOST[:PORT]"));
    const QCommandLineOption remoteEnginePath(
        QStringLiteral("remote-engine"),
        QStringLiteral("With --remote: oversub-cli's path on the host (default: oversub-cli on its PATH)."),
        QStringLiteral("PATH"));
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("An experiment file (.json) to open, or a recorded event stream "
                                                "(.jsonl) to replay."),
                                 QStringLiteral("[FILE]"));
    parser.addOptions({experiment, preset, run, sweep, chart, screenshot, quit, synthetic, size, noSettings, recover,
                       allowCommand, replay, at, speed, compare, runs, remote, remoteEnginePath});

    ParsedOptions out;
    if (!parser.parse(arguments)) {
        out.error = parser.errorText();
        return out;
    }
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version"))) {
        out.exitNow = true;
        if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
        parser.showVersion();
    }
    auto& o = out.options;
    o.replayPath = parser.value(replay);
    QString fileExperiment;
    // `oversub FILE` (the desktop entry's %F): a recorded stream is replayed,
    // an experiment file opened.
    const QStringList files = parser.positionalArguments();
    if (parser.isSet(compare)) {
        if (files.size() != 2 || !o.replayPath.isEmpty()) {
            out.error = QStringLiteral("--compare: give two recorded event streams (A.jsonl B.jsonl), got %1 file(s)")
                            .arg(files.size() + (o.replayPath.isEmpty() ? 0 : 1));
            return out;
        }
        o.comparePaths = files;
        if (parser.isSet(runs)) {
            static const QRegularExpression pattern(QStringLiteral("^(\\d{1,6}),(\\d{1,6})$"));
            const auto match = pattern.match(parser.value(runs));
            if (!match.hasMatch()) {
                out.error = QStringLiteral("--runs: '%1' is not allowed (allowed: two run indices A,B, e.g. 0,3)")
                                .arg(parser.value(runs));
                return out;
            }
            o.compareRuns = {match.captured(1).toInt(), match.captured(2).toInt()};
        }
    } else if (parser.isSet(runs)) {
        out.error = QStringLiteral("--runs: only with --compare A.jsonl B.jsonl");
        return out;
    } else if (files.size() > 1) {
        out.error = QStringLiteral("FILE: one file at a time (got %1: '%2', '%3', ...); two recordings side by "
                                   "side: --compare A.jsonl B.jsonl")
                        .arg(files.size())
                        .arg(files[0], files[1]);
        return out;
    }
    if (files.size() == 1 && o.comparePaths.isEmpty()) {
        const QString& file = files.first();
        if (file.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) && o.replayPath.isEmpty()) o.replayPath = file;
        else if (file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) && !parser.isSet(experiment))
            fileExperiment = file;
        else {
            out.error = QStringLiteral("FILE: '%1' is not allowed (allowed: one experiment file .json or one "
                                       "recorded event stream .jsonl, unless --experiment or --replay names one)")
                            .arg(file);
            return out;
        }
    }
    // A replay and a compare both play recordings back: they run nothing.
    const bool playback = !o.replayPath.isEmpty() || !o.comparePaths.isEmpty();
    if (!playback && (parser.isSet(at) || parser.isSet(speed))) {
        out.error =
            QStringLiteral("--%1: only with --replay FILE or --compare A B").arg(parser.isSet(at) ? "at" : "speed");
        return out;
    }
    if (!o.replayPath.isEmpty() && !fileExperiment.isEmpty()) {
        out.error = QStringLiteral("FILE: '%1': not with --replay (a replay runs nothing)").arg(fileExperiment);
        return out;
    }
    if (playback) {
        for (const auto* other : {&experiment, &preset, &run, &sweep, &synthetic, &recover, &allowCommand})
            if (parser.isSet(*other)) {
                out.error = QStringLiteral("--%1: not with --%2 (a replay runs nothing)")
                                .arg(other->names().first(), o.comparePaths.isEmpty() ? "replay" : "compare");
                return out;
            }
        bool ok = true;
        if (parser.isSet(at)) {
            o.replayAt = parser.value(at).toDouble(&ok);
            if (!ok || !(o.replayAt >= 0)) {
                out.error =
                    QStringLiteral("--at: '%1' is not allowed (allowed: seconds, 0 or more)").arg(parser.value(at));
                return out;
            }
        }
        if (parser.isSet(speed)) {
            o.replaySpeed = parser.value(speed).toDouble(&ok);
            if (!ok || !(o.replaySpeed >= 0.1 && o.replaySpeed <= 10)) {
                out.error =
                    QStringLiteral("--speed: '%1' is not allowed (allowed: 0.1 to 10)").arg(parser.value(speed));
                return out;
            }
        }
    }
    o.experimentPath = fileExperiment.isEmpty() ? parser.value(experiment) : fileExperiment;
    o.presetName = parser.value(preset);
    if (!o.presetName.isEmpty() && !o.experimentPath.isEmpty()) {
        out.error = QStringLiteral("--preset: give either --experiment or --preset");
        return out;
    }
    o.run = parser.isSet(run);
    o.sweep = parser.isSet(sweep);
    o.chart = parser.value(chart);
    if (!o.chart.isEmpty() && !QStringList{"load", "wall", "speedup", "timeline", "heatmap"}.contains(o.chart)) {
        out.error = QStringLiteral("--chart: '%1' is not allowed (allowed: load | wall | speedup | timeline | heatmap)")
                        .arg(o.chart);
        return out;
    }
    if (!o.comparePaths.isEmpty() && !o.chart.isEmpty() && o.chart != QLatin1String("wall")) {
        out.error = QStringLiteral("--chart: '%1' is not allowed with --compare (allowed: wall; the default shows "
                                   "the differences)")
                        .arg(o.chart);
        return out;
    }
    if (!o.replayPath.isEmpty() && !o.chart.isEmpty() && !QStringList{"load", "timeline", "wall"}.contains(o.chart)) {
        out.error =
            QStringLiteral("--chart: '%1' is not allowed with --replay (allowed: load | timeline | wall)").arg(o.chart);
        return out;
    }
    if (o.run && o.sweep) {
        out.error = QStringLiteral("--sweep: give either --run or --sweep");
        return out;
    }
    o.screenshotPath = parser.value(screenshot);
    o.quitAfterRun = parser.isSet(quit);
    o.synthetic = parser.value(synthetic);
    o.ignoreSettings = parser.isSet(noSettings);
    o.allowCommand = parser.isSet(allowCommand);
    o.recover = o.ignoreSettings ? RecoverMode::Leave : RecoverMode::Ask;
    if (parser.isSet(recover)) {
        const QStringList modes{"ask", "restore", "discard", "leave"};
        const int mode = modes.indexOf(parser.value(recover));
        if (mode < 0) {
            out.error = QStringLiteral("--recover: '%1' is not allowed (allowed: ask | restore | discard | leave)")
                            .arg(parser.value(recover));
            return out;
        }
        o.recover = static_cast<RecoverMode>(mode);
    }
    if (parser.isSet(size)) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
        const auto match = pattern.match(parser.value(size));
        const int w = match.hasMatch() ? match.captured(1).toInt() : 0;
        const int h = match.hasMatch() ? match.captured(2).toInt() : 0;
        if (w < 320 || h < 240 || w > 16384 || h > 16384) {
            out.error = QStringLiteral("--size: '%1' is not allowed (allowed: WxH, 320x240 to 16384x16384)")
                            .arg(parser.value(size));
            return out;
        }
        o.size = QSize(w, h);
    }
    if (parser.isSet(remote)) {
        if (playback || !o.synthetic.isEmpty()) {
            out.error = QStringLiteral("--remote: not with --%1 (nothing runs)")
                            .arg(!o.synthetic.isEmpty()                 ? "synthetic"
                                 : playback && o.comparePaths.isEmpty() ? "replay"
                                                                        : "compare");
            return out;
        }
        try {
            o.remote = parseRemote(parser.value(remote));
        } catch (const InputError& e) {
            out.error = QString::fromUtf8(e.what());
            return out;
        }
        if (parser.isSet(remoteEnginePath)) {
            if (parser.value(remoteEnginePath).trimmed().isEmpty()) {
                out.error = QStringLiteral("--remote-engine: '' is not allowed (allowed: a path or a name on the "
                                           "host's PATH)");
                return out;
            }
            o.remote->enginePath = parser.value(remoteEnginePath);
        }
    } else if (parser.isSet(remoteEnginePath)) {
        out.error = QStringLiteral("--remote-engine: only with --remote HOST");
        return out;
    }
    if ((o.run || o.sweep) && !o.synthetic.isEmpty()) {
        out.error = QStringLiteral("--synthetic: a what-if machine cannot run experiments (drop --run)");
        return out;
    }
    return out;
}

} // namespace oversub::ui
