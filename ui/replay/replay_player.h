#pragma once
// Plays a recording (export/replay_timeline.h) back in time: a position on
// the recording's clock that moves at a chosen speed while playing, and the
// events that happened by that position handed out in order, each exactly
// once. Seeking forward hands out what happened in between; seeking back
// first says reset(), then hands out everything up to the new position, so
// the views rebuild what they showed at that moment. No engine is started.

#include "export/replay_timeline.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace oversub::ui {

class ReplayPlayer : public QObject {
    Q_OBJECT
public:
    static constexpr double kMinSpeed = 0.1;
    static constexpr double kMaxSpeed = 10;
    static constexpr int kTickMs = 33; // ~30 frames a second
    // The speeds the windows offer, and the default's index (1x).
    static constexpr double kSpeeds[] = {0.1, 0.25, 0.5, 1, 2, 5, 10};
    static constexpr int kDefaultSpeedIndex = 3;

    explicit ReplayPlayer(QObject* parent = nullptr);

    // A new recording, at position 0 and paused (after reset()).
    void setTimeline(ReplayTimeline timeline);
    const ReplayTimeline& timeline() const { return timeline_; }

    double position() const { return position_; }
    double duration() const { return timeline_.durationSeconds; }
    bool isPlaying() const { return timer_.isActive(); }
    double speed() const { return speed_; }
    // The time of the event being handed out (during event()), else the
    // position: the clock the views place samples on.
    double clock() const { return clock_; }

    void setSpeed(double speed); // clamped to [kMinSpeed, kMaxSpeed]
    void play(); // from the start again when at the end
    void pause();
    void togglePlay();
    void seek(double seconds); // clamped to [0, duration]
    // To the next / previous sample of the recording (one sampler tick).
    void stepForward();
    void stepBack();

signals:
    void reset(); // before a backward seek: the views forget what they showed
    void event(const oversub::TimedEvent& event);
    void positionChanged(double seconds);
    void playingChanged(bool playing);
    void finished(); // the position reached the end

private:
    void advance();
    void moveTo(double seconds);

    ReplayTimeline timeline_;
    double position_ = 0;
    double clock_ = 0;
    size_t next_ = 0; // the first event not handed out yet
    double speed_ = 1;
    QTimer timer_;
    QElapsedTimer sinceTick_;
};

} // namespace oversub::ui
