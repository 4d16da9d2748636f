#include "models/run_store.h"

#include "events/event_reader.h"

#include <QFile>

namespace oversub::ui {

RunStore::RunStore(QObject* parent) : QObject(parent), collector_(std::make_unique<ResultsCollector>()) {}

RunStore::~RunStore() = default;

void RunStore::beginInvocation() {
    collector_ = std::make_unique<ResultsCollector>();
    pendingTasks_.clear();
    ++invocation_;
}

void RunStore::add(const events::Event& event) {
    collector_->add(event);
    if (const auto* task = std::get_if<events::TaskDone>(&event)) {
        pendingTasks_[task->run].push_back(*task);
        return;
    }
    if (const auto* started = std::get_if<events::SweepStarted>(&event)) {
        if (!started->machine.is_null()) machine_ = started->machine;
        return;
    }
    const auto* done = std::get_if<events::RunDone>(&event);
    if (!done) return;
    const auto& collected = collector_->results().runs;
    // The collector turned run_started + run_done into a record; find it by run index.
    for (auto it = collected.rbegin(); it != collected.rend(); ++it) {
        if (it->run != done->run) continue;
        StoredRun stored;
        stored.record = *it;
        stored.invocation = invocation_;
        if (auto tasks = pendingTasks_.find(done->run); tasks != pendingTasks_.end()) {
            stored.tasks = std::move(tasks->second);
            pendingTasks_.erase(tasks);
        }
        emit runAboutToBeAdded(static_cast<int>(runs_.size()));
        runs_.push_back(std::move(stored));
        emit runAdded(static_cast<int>(runs_.size()) - 1);
        return;
    }
}

int RunStore::loadEventFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(path.toStdString() + ": " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    events::EventReader reader;
    reader.feed(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    const size_t before = runs_.size();
    beginInvocation();
    try {
        while (auto event = reader.next()) add(*event);
        if (auto last = reader.finish()) add(*last);
    } catch (const events::EventParseError& error) {
        throw std::runtime_error(path.toStdString() + ": " + error.what());
    }
    return static_cast<int>(runs_.size() - before);
}

int RunStore::addRecovered(const Results& results) {
    beginInvocation();
    if (!results.machine.is_null()) machine_ = results.machine;
    const int first = static_cast<int>(runs_.size());
    for (const auto& record : results.runs) {
        StoredRun stored;
        stored.record = record;
        stored.invocation = invocation_;
        emit runAboutToBeAdded(static_cast<int>(runs_.size()));
        runs_.push_back(std::move(stored));
        emit runAdded(static_cast<int>(runs_.size()) - 1);
    }
    return first;
}

void RunStore::clear() {
    emit aboutToClear();
    runs_.clear();
    pendingTasks_.clear();
    collector_ = std::make_unique<ResultsCollector>();
    emit cleared();
}

Results RunStore::results(const Experiment& experiment) const {
    Results out;
    out.experiment = experiment;
    out.machine = machine_;
    int index = 0;
    for (const auto& stored : runs_) {
        RunRecord record = stored.record;
        record.run = index++;
        out.runs.push_back(std::move(record));
    }
    return out;
}

void RunStore::setRecording(int index, const QString& path, int run) {
    if (index < 0 || index >= static_cast<int>(runs_.size())) return;
    runs_[static_cast<size_t>(index)].recordingPath = path;
    runs_[static_cast<size_t>(index)].recordedRun = run;
}

} // namespace oversub::ui
