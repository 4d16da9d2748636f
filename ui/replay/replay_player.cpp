#include "replay/replay_player.h"

#include <algorithm>

namespace oversub::ui {

ReplayPlayer::ReplayPlayer(QObject* parent) : QObject(parent) {
    timer_.setInterval(kTickMs);
    connect(&timer_, &QTimer::timeout, this, &ReplayPlayer::advance);
}

void ReplayPlayer::setTimeline(ReplayTimeline timeline) {
    pause();
    timeline_ = std::move(timeline);
    position_ = clock_ = 0;
    next_ = 0;
    emit reset();
    moveTo(0); // what happened at 0 (hello, the first run_started)
}

void ReplayPlayer::setSpeed(double speed) { speed_ = std::clamp(speed, kMinSpeed, kMaxSpeed); }

void ReplayPlayer::play() {
    if (isPlaying()) return;
    if (position_ >= duration()) seek(0);
    sinceTick_.start();
    timer_.start();
    emit playingChanged(true);
}

void ReplayPlayer::pause() {
    if (!isPlaying()) return;
    timer_.stop();
    emit playingChanged(false);
}

void ReplayPlayer::togglePlay() { isPlaying() ? pause() : play(); }

void ReplayPlayer::seek(double seconds) {
    seconds = std::clamp(seconds, 0.0, duration());
    if (seconds < position_) {
        next_ = 0;
        emit reset();
    }
    moveTo(seconds);
}

void ReplayPlayer::stepForward() {
    for (size_t i = next_; i < timeline_.events.size(); ++i)
        if (std::holds_alternative<events::Sample>(timeline_.events[i].event) &&
            timeline_.events[i].seconds > position_) {
            seek(timeline_.events[i].seconds);
            return;
        }
    seek(duration());
}

void ReplayPlayer::stepBack() {
    // The sample before the last one shown: the views then show one tick less.
    int seen = 0;
    for (size_t i = std::min(next_, timeline_.events.size()); i-- > 0;) {
        if (!std::holds_alternative<events::Sample>(timeline_.events[i].event)) continue;
        if (++seen == 2) {
            seek(timeline_.events[i].seconds);
            return;
        }
    }
    seek(0);
}

void ReplayPlayer::advance() {
    const double elapsed = sinceTick_.restart() / 1000.0;
    moveTo(std::min(duration(), position_ + elapsed * speed_));
    if (position_ >= duration()) {
        pause();
        emit finished();
    }
}

void ReplayPlayer::moveTo(double seconds) {
    const size_t end = eventsUpTo(timeline_, seconds);
    for (; next_ < end; ++next_) {
        clock_ = timeline_.events[next_].seconds;
        emit event(timeline_.events[next_]);
    }
    position_ = clock_ = seconds;
    emit positionChanged(position_);
}

} // namespace oversub::ui
