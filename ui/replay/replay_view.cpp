#include "replay/replay_view.h"

#include "charts/load_chart.h"
#include "live_view.h"
#include "models/run_store.h"
#include "replay/replay_player.h"
#include "results_view.h"
#include "run_controller.h"
#include "topology/topology_info.h"

#include <algorithm>
#include <fstream>

namespace oversub::ui {
namespace {

int intOr(const nlohmann::json& j, const char* key, int fallback) {
    return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : fallback;
}

} // namespace

ReplayView::ReplayView(QObject* parent)
    : QObject(parent), store_(new RunStore(this)), live_(new LiveView(this)), results_(new ResultsView(store_, this)),
      player_(new ReplayPlayer(this)) {
    live_->setClock([this] { return player_->clock(); });
    results_->setApplyFixAllowed(false); // a recording's fixes go to the main window's panel, not here
    connect(player_, &ReplayPlayer::reset, this, &ReplayView::forgetShown);
    connect(player_, &ReplayPlayer::event, this, &ReplayView::deliver);
    connect(player_, &ReplayPlayer::positionChanged, this, &ReplayView::followPosition);
}

ReplayView::~ReplayView() = default;

bool ReplayView::open(const QString& path, QString* error) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    if (!in) {
        if (error) *error = tr("%1: cannot be opened").arg(path);
        return false;
    }
    ReplayTimeline timeline;
    try {
        timeline = readReplayTimeline(in);
    } catch (const std::exception& e) {
        if (error) *error = tr("%1: %2").arg(path, QString::fromUtf8(e.what()));
        return false;
    }
    QStringList notes;
    for (const auto& note : timeline.notes) notes << QString::fromStdString(note);
    notes_ = notes.join(QLatin1Char('\n'));
    machineShown_ = false;
    fitLoadChartTo(timeline.durationSeconds);
    player_->setTimeline(std::move(timeline));
    return true;
}

void ReplayView::fitLoadChartTo(double seconds) {
    double window = LoadChart::kWindowSeconds;
    for (double candidate : {5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0}) {
        window = candidate;
        if (candidate >= seconds) break;
    }
    live_->loadChart()->setWindowSeconds(window);
}

void ReplayView::forgetShown() {
    finished_ = false;
    store_->clear();
    store_->beginInvocation();
    results_->clear();
    live_->reset();
    emit cleared();
}

void ReplayView::showMachineFrom(const nlohmann::json& machine) {
    if (machineShown_ || !machine.is_object()) return;
    const nlohmann::json counts = machine.contains("topology") ? machine["topology"] : nlohmann::json();
    const std::string host = machine.contains("hostname") && machine["hostname"].is_string()
                                 ? machine["hostname"].get<std::string>()
                                 : std::string("the recorded machine");
    // Recordings since the whole topology travels with them: the machine as it was.
    if (counts.is_object() && counts.contains("pu_list")) {
        try {
            live_->setMachine(topology::topologyInfoFromJson(counts), false, "recorded on " + host);
            machineShown_ = true;
            return;
        } catch (const std::exception&) {
            // a damaged record: drawn from its counts below
        }
    }
    const int pus = std::max(1, intOr(counts, "pus", intOr(machine, "logical_cpus", 1)));
    const int packages = std::clamp(intOr(counts, "packages", 1), 1, pus);
    int cores = std::clamp(intOr(counts, "cores", pus), packages, pus);
    // Older recordings keep only the counts: a regular machine of those
    // counts, cores per package and PUs per core rounded to fit.
    const int coresPerPackage = std::max(1, cores / packages);
    const int pusPerCore = std::max(1, pus / (coresPerPackage * packages));
    const auto info = topology::uniformTopologyInfo(packages, 1, coresPerPackage, pusPerCore);
    live_->setMachine(info, false, "recorded on " + host);
    machineShown_ = true;
}

void ReplayView::deliver(const TimedEvent& timed) {
    const auto& event = timed.event;
    if (const auto* e = std::get_if<events::Sample>(&event)) {
        if (e->run >= 0) live_->showRunSample(*e);
        else live_->showAttachSample(*e);
        return;
    }
    if (const auto* e = std::get_if<events::SweepStarted>(&event)) showMachineFrom(e->machine);
    if (const auto* e = std::get_if<events::RunStarted>(&event)) {
        showMachineFrom(e->machine);
        live_->startRun(isCommandExperiment(e->experiment));
        results_->startLiveWorkers();
    }
    if (std::holds_alternative<events::WatchDone>(event)) {
        results_->showLiveFindings(std::get<events::WatchDone>(event).findings);
        return;
    }
    const size_t before = store_->runs().size();
    store_->add(event);
    if (const auto* ready = std::get_if<events::WorkerReady>(&event)) {
        live_->showWorkerReady(*ready);
        results_->addLiveWorker(*ready);
    } else if (std::holds_alternative<events::RunDone>(event) && store_->runs().size() > before) {
        const int index = static_cast<int>(store_->runs().size()) - 1;
        live_->showRunDone(store_->runs()[static_cast<size_t>(index)].record.done);
        results_->selectRun(index);
    } else if (const auto* error = std::get_if<events::Error>(&event)) {
        emit errorReported(describeWorkerError(*error));
    } else if (const auto* done = std::get_if<events::SweepDone>(&event)) {
        results_->showSweepSummary(done->summary);
    }
}

void ReplayView::followPosition(double seconds) {
    // The chart follows the position even while no sample arrives (paused, seeking).
    live_->loadChart()->refresh(live_->history(), seconds);
    if (!player_->isPlaying() && !redrawThrottled_) live_->loadChart()->redrawNow();
    // At the end the views show what a finished run shows: the last run's mean per PU.
    if (finished_ || seconds < player_->duration()) return;
    finished_ = true;
    live_->finish();
}

} // namespace oversub::ui
