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
    connect(&watch_.events(), &EventDecoder::sample, this,
            [this](const events::Sample& sample) { emit snapshot(sample.snapshot); });
    connect(&watch_, &EngineProcess::finished, this, [this](const EngineEnd& end) {
        if (!watchStopRequested_ && !end.ok) emit problem(tr("live view stopped: %1").arg(end.message));
    });
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
    watch_.start({QStringLiteral("watch"), QStringLiteral("--rate"), QString::number(rateHz),
                  QStringLiteral("--events"), QStringLiteral("-")},
                 EngineProcess::Output::Events);
}

void MachineFeed::stopWatching() {
    watchStopRequested_ = true;
    watch_.stop();
}

} // namespace oversub::ui
