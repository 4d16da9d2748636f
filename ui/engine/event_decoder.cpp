#include "engine/event_decoder.h"

#include "events/event_reader.h"

namespace oversub::ui {

EventDecoder::EventDecoder(QObject* parent) : QObject(parent), reader_(std::make_unique<events::EventReader>()) {}

EventDecoder::~EventDecoder() = default;

template <typename Next>
void EventDecoder::drain(Next next) {
    for (;;) {
        try {
            auto event = next();
            if (!event) return;
            ++eventCount_;
            dispatch(*event);
        } catch (const events::SchemaMismatchError& mismatch) {
            emit schemaMismatch(tr("The engine speaks event schema %1, this window reads schema %2: use the "
                                   "oversub-cli built with this window.")
                                    .arg(mismatch.found())
                                    .arg(mismatch.supported()));
        } catch (const events::EventParseError& bad) {
            emit malformed(QString::fromStdString(bad.what()));
        }
    }
}

void EventDecoder::feed(const QByteArray& chunk) {
    reader_->feed(std::string_view(chunk.constData(), static_cast<size_t>(chunk.size())));
    drain([this] { return reader_->next(); });
}

void EventDecoder::finish() {
    drain([this] { return reader_->next(); });
    bool done = false;
    drain([this, &done]() -> std::optional<events::Event> {
        if (done) return std::nullopt;
        done = true;
        return reader_->finish();
    });
}

void EventDecoder::reset() {
    reader_ = std::make_unique<events::EventReader>();
    eventCount_ = 0;
}

void EventDecoder::dispatch(const events::Event& event) {
    std::visit(
        [this](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, events::Hello>) emit hello(e);
        else if constexpr (std::is_same_v<T, events::SweepStarted>) emit sweepStarted(e);
        else if constexpr (std::is_same_v<T, events::RunStarted>) emit runStarted(e);
        else if constexpr (std::is_same_v<T, events::WorkerReady>) emit workerReady(e);
        else if constexpr (std::is_same_v<T, events::Sample>) emit sample(e);
        else if constexpr (std::is_same_v<T, events::TaskDone>) emit taskDone(e);
        else if constexpr (std::is_same_v<T, events::RunDone>) emit runDone(e);
        else if constexpr (std::is_same_v<T, events::Error>) emit error(e);
        else if constexpr (std::is_same_v<T, events::Progress>) emit progress(e);
        else if constexpr (std::is_same_v<T, events::SweepDone>) emit sweepDone(e);
        else if constexpr (std::is_same_v<T, events::WatchDone>) emit watchDone(e);
        },
        event);
}

} // namespace oversub::ui
