#pragma once
// One recording played through the window's own views: a player
// (replay/replay_player.h) hands its events to a LiveView (core view,
// threads on PUs, gauge, load chart with phase marks) and a ResultsView
// (run table, findings, timeline, wall time), exactly as a live run would
// have. It owns no widgets' places: the replay window shows one, the compare
// window two side by side. Nothing here starts an engine: the machine drawn
// is the one the recording names.

#include "export/replay_timeline.h"

#include <QObject>
#include <QString>

namespace oversub::ui {

class LiveView;
class ReplayPlayer;
class ResultsView;
class RunStore;

class ReplayView : public QObject {
    Q_OBJECT
public:
    explicit ReplayView(QObject* parent = nullptr);
    ~ReplayView() override;

    // Reads the recording and rewinds to its start (paused). False, with the
    // reason in `error` (naming the path), when it cannot be read as one.
    bool open(const QString& path, QString* error);

    ReplayPlayer* player() const { return player_; }
    LiveView* liveView() const { return live_; }
    ResultsView* results() const { return results_; }
    // What the recording lacks (a cut line, a run without its end), one line each.
    QString notes() const { return notes_; }

    // The load chart's span: the smallest round number of seconds that holds `seconds`.
    void fitLoadChartTo(double seconds);
    // Another clock moves the player (the compare window): the load chart
    // then redraws at its own rate, not at every position, and the driver
    // redraws it when it stops.
    void setRedrawThrottled(bool throttled) { redrawThrottled_ = throttled; }

signals:
    // The views forgot what they showed (a backward seek): the notes apply again.
    void cleared();
    // An error event of the recording, as the window's banner says it.
    void errorReported(const QString& message);

private:
    void deliver(const TimedEvent& event);
    void forgetShown();
    void showMachineFrom(const nlohmann::json& machine);
    void followPosition(double seconds);

    RunStore* store_;
    LiveView* live_;
    ResultsView* results_;
    ReplayPlayer* player_;
    QString notes_;
    bool machineShown_ = false;
    bool finished_ = false;
    bool redrawThrottled_ = false;
};

} // namespace oversub::ui
