#pragma once
// Two recorded runs side by side (narrowed vs cured, 2x1 vs 2x2), played on
// one clock that starts at each run's run_started: both core views with
// their threads on PUs, both load charts over the same span (their x axes
// are "seconds before now", so one second is at the same place in both),
// both gauges; below, the wall time of both by phase and a table of what
// differs (the knobs, each run figure, each finding's evidence, with B - A
// and B / A). Play, pause, speed, a slider, Home/End. Each side is a
// ReplayView; nothing here starts an engine.

#include "export/run_comparison.h"
#include "models/run_store.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QString>
#include <QTimer>

#include <array>

class QComboBox;
class QLabel;
class QSlider;
class QTableWidget;
class QTabWidget;
class QToolButton;

namespace oversub::ui {

class ErrorBanner;
class PhaseChart;
class ReplayView;

class CompareWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr int kSides = 2; // A and B
    struct Recording {
        QString path;
        int run = -1; // its run index in the stream; -1: the first measured (not warm-up) run
    };

    explicit CompareWindow(QWidget* parent = nullptr);
    ~CompareWindow() override;

    // Reads both recordings and shows both runs at their start (paused).
    // False, with the reason in `error` naming the file (or the run it does
    // not have), when either cannot be compared.
    bool open(const Recording& a, const Recording& b, QString* error);

    // The compare clock: seconds since both runs started.
    double position() const { return position_; }
    double duration() const { return duration_; } // the longer run's length
    void seek(double seconds); // clamped to [0, duration]
    void play(); // from the start again when at the end
    void pause();
    bool isPlaying() const { return timer_.isActive(); }
    void setSpeed(double speed);

    ReplayView* view(int side) const { return views_[static_cast<size_t>(side)]; }
    // The compared run of a side: where it starts on its recording's clock.
    double runStart(int side) const { return starts_[static_cast<size_t>(side)]; }
    const StoredRun& comparedRun(int side) const { return runs_[static_cast<size_t>(side)]; }
    QTableWidget* differencesTable() const { return table_; }
    PhaseChart* phaseChart() const { return phaseChart_; }
    QTabWidget* tabs() const { return tabs_; }

private:
    bool openSide(int side, const Recording& recording, QString* error);
    void fillDifferences();
    void advance();
    void showPosition();
    void buildControls(QWidget* bar);

    std::array<ReplayView*, kSides> views_{};
    std::array<QLabel*, kSides> titles_{};
    std::array<double, kSides> starts_{}, ends_{};
    std::array<StoredRun, kSides> runs_{};
    ErrorBanner* banner_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QTableWidget* table_ = nullptr;
    PhaseChart* phaseChart_ = nullptr;
    QToolButton* playButton_ = nullptr;
    QComboBox* speed_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* time_ = nullptr;
    double position_ = 0, duration_ = 0, speedFactor_ = 1;
    QTimer timer_;
    QElapsedTimer sinceTick_;
};

} // namespace oversub::ui
