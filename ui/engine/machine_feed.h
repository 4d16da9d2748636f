#pragma once
// Everything the window knows about the machine comes from the engine:
// `oversub-cli topology --json` (this machine or a synthetic what-if one),
// `oversub-cli place ... --json` (the placement preview of the current knobs)
// and `oversub-cli watch --events -` (the idle live view). The window never
// reads /proc or calls hwloc itself.
//
// When the idle view's engine runs over ssh and the connection fails or is
// lost (not stopped on request), the feed starts the watch again by itself
// after kReconnectDelaysSeconds (the last delay repeats until it is back or
// stopWatching() is called), saying so through problem() each time, and
// emits reconnected() with the first sample that arrives again.

#include "engine/engine_process.h"
#include "events/samples.h"
#include "topology/topology_info.h"

#include <QObject>
#include <QTimer>

#include <array>
#include <vector>

namespace oversub::ui {

// Waits before each new attempt to reach a remote engine whose connection was lost.
inline constexpr std::array kReconnectDelaysSeconds{1, 2, 5, 10, 30};

struct PlacementPreview {
    std::vector<std::vector<int>> pusPerWorker; // PU OS indexes each worker may use
    double oversubscription = 0; // workers x threads / allowed PUs
};

class MachineFeed : public QObject {
    Q_OBJECT
public:
    explicit MachineFeed(QObject* parent = nullptr);

    // Empty `synthetic`: this machine.
    void loadTopology(const QString& synthetic = {});
    void requestPlacement(int workers, int threads, const QString& policy, const QString& cpus,
                          const QString& synthetic = {});
    void startWatching(double rateHz);
    void stopWatching();
    bool isWatching() const { return watch_.isRunning(); }

signals:
    void topologyReady(const oversub::TopologyInfo& info);
    void placementReady(const oversub::ui::PlacementPreview& preview);
    void snapshot(const oversub::sampler::Snapshot& snapshot);
    void problem(const QString& message); // one sentence for the status bar or banner
    void reconnected(); // samples arrive again after a lost connection

private:
    void startWatchProcess();
    void scheduleReconnect(const QString& why);

    EngineProcess topology_;
    EngineProcess place_;
    EngineProcess watch_;
    bool watchStopRequested_ = false;
    double rateHz_ = 10;
    QTimer reconnectTimer_;
    int reconnectAttempts_ = 0; // since the connection was lost; 0 = connected
};

// Reads the JSON of `oversub-cli place --json`. Throws InputError on missing keys.
PlacementPreview placementFromJson(const QByteArray& json);

} // namespace oversub::ui
