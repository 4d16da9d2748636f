#pragma once
// Bytes from the engine's stdout in, typed events out: core's EventReader
// cuts whole lines and parses them (the one parser of the stream), and each
// event is re-emitted as a Qt signal of its kind. A garbled line is reported
// through malformed() and skipped; a schema from another version is reported
// once through schemaMismatch().

#include "events/event.h"

#include <QByteArray>
#include <QObject>

#include <memory>

namespace oversub::events {
class EventReader;
}

namespace oversub::ui {

class EventDecoder : public QObject {
    Q_OBJECT
public:
    explicit EventDecoder(QObject* parent = nullptr);
    ~EventDecoder() override;

    void feed(const QByteArray& chunk);
    void finish(); // end of stream: a last line without '\n' still counts
    void reset();
    int eventCount() const { return eventCount_; }

signals:
    void hello(const oversub::events::Hello& event);
    void sweepStarted(const oversub::events::SweepStarted& event);
    void runStarted(const oversub::events::RunStarted& event);
    void workerReady(const oversub::events::WorkerReady& event);
    void sample(const oversub::events::Sample& event);
    void taskDone(const oversub::events::TaskDone& event);
    void runDone(const oversub::events::RunDone& event);
    void error(const oversub::events::Error& event);
    void progress(const oversub::events::Progress& event);
    void sweepDone(const oversub::events::SweepDone& event);
    void watchDone(const oversub::events::WatchDone& event);
    void malformed(const QString& message);
    void schemaMismatch(const QString& message);

private:
    void dispatch(const events::Event& event);
    template <typename Next>
    void drain(Next next);

    std::unique_ptr<events::EventReader> reader_;
    int eventCount_ = 0;
};

} // namespace oversub::ui
