#pragma once
// A recorded run or sweep played back through the window's own views: the
// core view with the threads on their PUs, the load chart with its phase
// marks, the gauge, the run table, findings and timeline, all fed the
// recording's events as they happened (replay/replay_player.h). Play,
// pause, speed 0.1x to 10x, a time slider with the runs and phases marked,
// one sample back or forward, and keys for each (Space, Left, Right, Home,
// End, +, -), and File > Export of this frame or of every frame as PNG
// files (replay/replay_export.h). The views and what feeds them are a
// ReplayView (replay/replay_view.h); nothing here starts an engine.

#include "export/replay_timeline.h"

#include <QMainWindow>
#include <QString>

class QComboBox;
class QLabel;
class QTabWidget;
class QToolButton;

namespace oversub::ui {

class ErrorBanner;
class LiveView;
class ReplayPlayer;
class ReplayScrubber;
class ReplayView;
class ResultsView;

class ReplayWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit ReplayWindow(QWidget* parent = nullptr);
    ~ReplayWindow() override;

    // Reads the recording and shows its start (paused). False, with the
    // reason in `error`, when the file cannot be read as a recording.
    bool open(const QString& path, QString* error);

    // Moves to the start of the recording's run `run` (its index in the
    // stream) and plays from there; false when the recording has no such run.
    bool playRun(int run);

    ReplayView* view() const { return view_; }
    ReplayPlayer* player() const;
    LiveView* liveView() const;
    ResultsView* results() const;
    ReplayScrubber* scrubber() const { return scrubber_; }
    QTabWidget* chartTabs() const { return chartTabs_; }
    // What the recording lacks (a cut line, a run without its end), as the banner says it.
    QString notes() const;

private:
    void showPosition(double seconds);
    void buildControls(QWidget* bar);
    void buildMenu();

    ReplayView* view_;
    ReplayPlayer* player_;
    ReplayScrubber* scrubber_ = nullptr;
    ErrorBanner* banner_ = nullptr;
    QTabWidget* chartTabs_ = nullptr;
    QToolButton* playButton_ = nullptr;
    QComboBox* speed_ = nullptr;
    QLabel* time_ = nullptr;
};

} // namespace oversub::ui
