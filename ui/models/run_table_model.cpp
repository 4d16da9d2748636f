#include "models/run_table_model.h"

#include "experiment/experiment.h"
#include "models/run_store.h"

#include <QColor>

namespace oversub::ui {
namespace {

QString knobText(const RunRecord& record, const char* name) {
    return QString::fromStdString(getKnob(record.experiment, name));
}

double totalRunqWait(const RunRecord& record) {
    double sum = 0;
    for (const auto& w : record.done.workers) sum += w.runqWaitSeconds;
    return sum;
}

double totalInvoluntary(const RunRecord& record) {
    double sum = 0;
    for (const auto& w : record.done.workers) sum += static_cast<double>(w.involuntaryCtxSwitches);
    return sum;
}

QString seconds(double s) { return QString::number(s, 'f', s < 10 ? 3 : 2); }

} // namespace

RunTableModel::RunTableModel(RunStore* store, QObject* parent) : QAbstractTableModel(parent), store_(store) {
    connect(store_, &RunStore::runAboutToBeAdded, this, [this](int index) { beginInsertRows({}, index, index); });
    connect(store_, &RunStore::runAdded, this, [this] { endInsertRows(); });
    connect(store_, &RunStore::aboutToClear, this, [this] { beginResetModel(); });
    connect(store_, &RunStore::cleared, this, [this] { endResetModel(); });
}

int RunTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(store_->runs().size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Index: return tr("#");
    case Label: return tr("point");
    case Status: return tr("status");
    case Workload: return tr("workload");
    case Size: return tr("size");
    case Tasks: return tr("tasks");
    case Workers: return tr("workers");
    case Threads: return tr("threads");
    case Affinity: return tr("affinity");
    case Delivery: return tr("delivery");
    case Schedule: return tr("schedule");
    case WallSeconds: return tr("wall (s)");
    case SpawnSeconds: return tr("spawn (s)");
    case ComputeSeconds: return tr("compute (s/worker)");
    case DeliverySeconds: return tr("delivery (s/worker)");
    case Gflops: return tr("GFLOP/s");
    case Gbps: return tr("GB/s");
    case RunqWaitSeconds: return tr("run-queue wait (s)");
    case InvoluntarySwitches: return tr("invol. switches");
    case Findings: return tr("findings");
    }
    return {};
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const StoredRun& stored = store_->runs()[static_cast<size_t>(index.row())];
    const RunRecord& r = stored.record;
    const auto& done = r.done;
    if (role == RunIndexRole) return index.row();
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Label:
        case Status:
        case Workload:
        case Affinity:
        case Delivery:
        case Schedule:
        case Findings: return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        default: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status && done.status != events::RunStatus::Ok)
        return QColor(210, 40, 40);
    if (role == Qt::ToolTipRole && index.column() == Findings) {
        QStringList lines;
        for (const auto& f : done.findings) lines << QString::fromStdString(f.text);
        for (const auto& e : r.errors) lines << QString::fromStdString(e.message);
        return lines.join(QLatin1Char('\n'));
    }
    if (role != Qt::DisplayRole && role != SortRole) return {};
    const bool display = role == Qt::DisplayRole;
    switch (index.column()) {
    case Index: return index.row() + 1;
    case Label: {
        QString label = QString::fromStdString(r.label);
        if (label.isEmpty()) label = tr("w%1 x t%2").arg(r.experiment.workers).arg(r.experiment.threads);
        if (r.warmup) label += tr(" (warm-up)");
        return label;
    }
    case Status: return QString::fromUtf8(events::toString(done.status).data());
    case Workload: return r.experiment.command.empty() ? knobText(r, "workload") : tr("command");
    case Size: return static_cast<qlonglong>(r.experiment.size);
    case Tasks: return static_cast<qlonglong>(r.experiment.tasks);
    case Workers: return r.experiment.workers;
    case Threads: return r.experiment.threads;
    case Affinity: return knobText(r, "affinity");
    case Delivery: return knobText(r, "delivery");
    case Schedule: return knobText(r, "schedule");
    case WallSeconds: return display ? QVariant(seconds(done.wallSeconds)) : QVariant(done.wallSeconds);
    case SpawnSeconds:
        return display ? QVariant(QString::number(done.phases.spawnSeconds, 'f', 4))
                       : QVariant(done.phases.spawnSeconds);
    case ComputeSeconds:
        return display ? QVariant(seconds(done.phases.computeSeconds)) : QVariant(done.phases.computeSeconds);
    case DeliverySeconds:
        return display ? QVariant(seconds(done.phases.deliverySeconds)) : QVariant(done.phases.deliverySeconds);
    case Gflops:
        if (display) {
            if (done.gflops <= 0) return QStringLiteral("-");
            const QString rate = QString::number(done.gflops, 'f', 1);
            // SVD counts the conventional 22 n^3, not what dgesdd executes.
            return flopCountIsNominal(r.experiment.workload) ? tr("%1 (nominal)").arg(rate) : rate;
        }
        return done.gflops;
    case Gbps:
        if (display) return done.gbps > 0 ? QString::number(done.gbps, 'f', 1) : QStringLiteral("-");
        return done.gbps;
    case RunqWaitSeconds:
        return display ? QVariant(QString::number(totalRunqWait(r), 'f', 3)) : QVariant(totalRunqWait(r));
    case InvoluntarySwitches:
        return display ? QVariant(QString::number(totalInvoluntary(r), 'f', 0)) : QVariant(totalInvoluntary(r));
    case Findings: {
        QStringList ids;
        for (const auto& f : done.findings) ids << QString::fromStdString(f.id);
        if (!r.errors.empty()) ids << tr("errors: %1").arg(r.errors.size());
        return ids.join(QStringLiteral(", "));
    }
    }
    return {};
}

} // namespace oversub::ui
