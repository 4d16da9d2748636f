#pragma once
// The replay's time slider: the recording's runs drawn as bars along its
// length, the phases other than compute shaded in each (prepare, spawn,
// teardown: where load dips), a run's label where it fits, and the position
// as a line. Click or drag to seek.

#include "export/replay_timeline.h"

#include <QWidget>

#include <vector>

namespace oversub::ui {

class ReplayScrubber : public QWidget {
    Q_OBJECT
public:
    explicit ReplayScrubber(QWidget* parent = nullptr);

    void setTimeline(const ReplayTimeline& timeline);
    void setPosition(double seconds);
    double position() const { return position_; }

    // A phase as drawn: its run, name and span on the recording's clock.
    struct Mark {
        int run = 0;
        std::string name;
        double beginSeconds = 0, endSeconds = 0;
    };
    const std::vector<Mark>& marks() const { return marks_; }
    // Where `seconds` is drawn, and back.
    double xOf(double seconds) const;
    double secondsAt(double x) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void seekRequested(double seconds);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    QRectF track() const;

    std::vector<ReplayRun> runs_;
    std::vector<Mark> marks_;
    double duration_ = 0;
    double position_ = 0;
};

} // namespace oversub::ui
