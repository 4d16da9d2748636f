#include "engine/machine_feed.h"

#include "util/input_error.h"
#include "util/json_limits.h"

#include <nlohmann/json.hpp>

namespace oversub::ui {

PlacementPreview placementFromJson(const QByteArray& json) {
    // What the engine wrote may come from another host one day: parsed with the limits of any input.
    const auto doc = parseJsonLimited(std::string_view(json.constData(), static_cast<size_t>(json.size())),
                                      "the engine's placement");
    if (!doc.is_object() || !doc.contains("workers") || !doc["workers"].is_array())
        throw InputError("place", "the engine's placement has no 'workers' list");
    PlacementPreview preview;
    for (const auto& worker : doc["workers"]) {
        std::vector<int> pus;
        if (worker.contains("pus") && worker["pus"].is_array())
            for (const auto& pu : worker["pus"])
                if (pu.is_number_integer()) pus.push_back(pu.get<int>());
        preview.pusPerWorker.push_back(std::move(pus));
    }
    if (doc.contains("oversubscription") && doc["oversubscription"].is_number())
        preview.oversubscription = doc["oversubscription"].get<double>();
    return preview;
}

MachineFeed::MachineFeed(QObject* parent) : QObject(parent) {
    connect(&topology_, &EngineProcess::documentReady, this, [this](const QByteArray& json) {
        try {
            const auto doc = parseJsonLimited(std::string_view(json.constData(), static_cast<size_t>(json.size())),
                                              "the engine's topology");
            emit topologyReady(topology::topologyInfoFromJson(doc));
        } catch (const std::exception& e) {
            emit problem(tr("could not read the engine's topology: %1").arg(QString::fromUtf8(e.what())));
        }
    });
    connect(&topology_, &EngineProcess::finished, this, [this](const EngineEnd& end) {
        if (!end.ok) emit problem(tr("topology: %1").arg(end.message));
    });
    connect(&place_, &EngineProcess::documentReady, this, [this](const QByteArray& json) {
        try {
            emit placementReady(placementFromJson(json));
        } catch (const std::exception& e) {
            emit problem(tr("could not read the placement preview: %1").arg(QString::fromUtf8(e.what())));
        }
    });
    connect(&place_, &EngineProcess::finished, this, [this](const EngineEnd& end) {
        if (!end.ok) emit problem(tr("placement preview: %1").arg(end.message));
    });
    connect(&watch_.events(), &EventDecoder::sample, this, [this](const events::Sample& sample) {
        if (reconnectAttempts_ > 0) {
            reconnectAttempts_ = 0;
            emit reconnected();
        }
        emit snapshot(sample.snapshot);
    });
    connect(&watch_, &EngineProcess::finished, this, [this](const EngineEnd& end) {
        if (watchStopRequested_ || end.ok) return;
        if (end.connectionLost) scheduleReconnect(end.message);
        else emit problem(tr("live view stopped: %1").arg(end.message));
    });
    reconnectTimer_.setSingleShot(true);
    connect(&reconnectTimer_, &QTimer::timeout, this, [this] {
        if (!watchStopRequested_) startWatchProcess();
    });
}

void MachineFeed::scheduleReconnect(const QString& why) {
    const int delay = kReconnectDelaysSeconds[std::min<size_t>(reconnectAttempts_, kReconnectDelaysSeconds.size() - 1)];
    ++reconnectAttempts_;
    QString reason = why; // ssh's own line ends in a full stop; the sentence goes on
    while (reason.endsWith(QLatin1Char('.'))) reason.chop(1);
    emit problem(tr("live view: %1; trying again in %2 s (attempt %3)").arg(reason).arg(delay).arg(reconnectAttempts_));
    reconnectTimer_.start(delay * 1000);
}

void MachineFeed::loadTopology(const QString& synthetic) {
    QStringList args{QStringLiteral("topology"), QStringLiteral("--json")};
    if (!synthetic.isEmpty()) args << QStringLiteral("--synthetic") << synthetic;
    topology_.start(args, EngineProcess::Output::Document);
}

void MachineFeed::requestPlacement(int workers, int threads, const QString& policy, const QString& cpus,
                                   const QString& synthetic) {
    QStringList args{QStringLiteral("place"),
                     QStringLiteral("--workers"),
                     QString::number(workers),
                     QStringLiteral("--threads"),
                     QString::number(threads),
                     QStringLiteral("--policy"),
                     policy,
                     QStringLiteral("--json")};
    if (!cpus.isEmpty()) args << QStringLiteral("--cpus") << cpus;
    if (!synthetic.isEmpty()) args << QStringLiteral("--synthetic") << synthetic;
    place_.start(args, EngineProcess::Output::Document);
}

void MachineFeed::startWatching(double rateHz) {
    if (watch_.isRunning()) return;
    watchStopRequested_ = false;
    rateHz_ = rateHz;
    reconnectTimer_.stop();
    startWatchProcess();
}

void MachineFeed::startWatchProcess() {
    watch_.start({QStringLiteral("watch"), QStringLiteral("--rate"), QString::number(rateHz_),
                  QStringLiteral("--events"), QStringLiteral("-")},
                 EngineProcess::Output::Events);
}

void MachineFeed::stopWatching() {
    watchStopRequested_ = true;
    reconnectTimer_.stop();
    reconnectAttempts_ = 0;
    watch_.stop();
}

} // namespace oversub::ui
