#include "recovery_offer.h"

#include "analysis/run_evidence.h"
#include "analysis/sweep_summary.h"
#include "experiment/series.h"
#include "util/input_error.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <map>

namespace oversub::ui {
namespace {
QString tr(const char* text) { return QCoreApplication::translate("oversub::ui::RecoveryOffer", text); }

bool holdsNoEvent(const InputError& error) {
    return std::string(error.what()).find("holds no event") != std::string::npos;
}
} // namespace

QString describeExperiment(const Experiment& e) {
    if (e.preset.is_object() && e.preset.contains("title") && e.preset["title"].is_string())
        return tr("the preset \"%1\"").arg(QString::fromStdString(e.preset["title"].get<std::string>()));
    QString text =
        QStringLiteral("%1 %2, %3 tasks").arg(QString::fromStdString(getKnob(e, "workload"))).arg(e.size).arg(e.tasks);
    if (e.sweep.empty()) return text + tr(", %1 workers x %2 threads").arg(e.workers).arg(e.threads);
    QStringList axes;
    for (const auto& axis : e.sweep.axes) {
        QStringList values;
        for (const auto& v : axis.values) values << QString::fromStdString(v);
        axes << QStringLiteral("%1 %2").arg(QString::fromStdString(axis.knob), values.join(QLatin1Char(',')));
    }
    return text + tr(", sweep %1").arg(axes.join(QStringLiteral(" x ")));
}

QString RecoveryOffer::promptText() const {
    const bool sweep = recovery.runsPlanned > 1;
    QString text =
        recovery.finished
            ? tr("Oversub stopped before it kept the runs of a finished %1.").arg(sweep ? tr("sweep") : tr("run"))
            : tr("Oversub stopped before a %1 finished.").arg(sweep ? tr("sweep") : tr("run"));
    const QString count = runs() == 1 ? tr("1 run") : tr("%1 runs").arg(runs());
    const QString planned = recovery.runsPlanned > 0 && !recovery.finished
                                ? tr(" (%1 of %2 planned)").arg(runs()).arg(recovery.runsPlanned)
                                : QString();
    text += QLatin1Char(' ') + tr("%1 of %2%3 %4 saved at %5.")
                                   .arg(count, experimentSummary, planned, runs() == 1 ? tr("was") : tr("were"),
                                        savedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    return text;
}

std::optional<RecoveryOffer> readRecoveryOffer(const QString& path, QString* problem) {
    RecoveryOffer offer;
    offer.path = path;
    offer.savedAt = QFileInfo(path).lastModified();
    try {
        offer.recovery = readJournal(path.toStdString());
    } catch (const InputError& error) {
        if (holdsNoEvent(error)) {
            QFile::remove(path); // the engine stopped before its first event: nothing to offer
            return std::nullopt;
        }
        if (problem) *problem = QString::fromUtf8(error.what());
        return std::nullopt;
    }
    if (offer.recovery.runsCompleted == 0) {
        QFile::remove(path);
        return std::nullopt;
    }
    offer.experimentSummary = describeExperiment(offer.recovery.results.experiment);
    return offer;
}

nlohmann::json sweepSummaryOf(const Results& results) {
    if (results.summary.is_object() && !results.summary.empty()) return results.summary;
    // The points in the order their first run came, warm-ups left out (as the engine does).
    std::vector<analysis::PointRuns> points;
    std::map<int, size_t> pointAt;
    for (const auto& run : results.runs) {
        if (run.warmup) continue;
        auto [it, added] = pointAt.try_emplace(run.point, points.size());
        if (added) {
            analysis::PointRuns p;
            p.label = run.label;
            p.workers = run.experiment.workers;
            p.threadsPerWorker = run.experiment.threads;
            p.series = sweepSeriesName(results.experiment.sweep, run.experiment);
            points.push_back(std::move(p));
        }
        auto& p = points[it->second];
        ++p.runs;
        if (run.done.status == events::RunStatus::Ok) {
            p.wallSeconds.push_back(run.done.wallSeconds);
            p.timedSeconds.push_back(run.done.timedSeconds());
            p.gbps.push_back(run.done.gbps);
            for (auto& f : analysis::fromEventFindings(run.done.findings)) p.runFindings.push_back(std::move(f));
        } else {
            ++p.failedRuns;
            if (p.firstError.empty() && !run.errors.empty()) p.firstError = run.errors.front().message;
        }
    }
    int allowedPus = 0;
    if (results.machine.is_object() && results.machine.contains("allowed_cpu_count") &&
        results.machine["allowed_cpu_count"].is_number_integer())
        allowedPus = results.machine["allowed_cpu_count"].get<int>();
    return analysis::toJson(analysis::summarizeSweep(points, allowedPus));
}

} // namespace oversub::ui
