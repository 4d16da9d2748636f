#include "models/worker_table_model.h"

#include "ui_palette.h"

namespace oversub::ui {

WorkerTableModel::WorkerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void WorkerTableModel::setWorkers(const std::vector<events::WorkerStats>& workers) {
    beginResetModel();
    workers_ = workers;
    endResetModel();
}

int WorkerTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(workers_.size());
}

int WorkerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant WorkerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Worker: return tr("worker");
    case Pid: return tr("pid");
    case Cpuset: return tr("cpuset (kernel)");
    case Tasks: return tr("tasks");
    case CpuSeconds: return tr("CPU (s)");
    case ComputeSeconds: return tr("compute (s)");
    case RunqWaitSeconds: return tr("run-queue wait (s)");
    case Involuntary: return tr("invol. switches");
    case Voluntary: return tr("vol. switches");
    }
    return {};
}

QVariant WorkerTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const auto& w = workers_[static_cast<size_t>(index.row())];
    if (role == Qt::DecorationRole && index.column() == Worker) return UiPalette::current().worker(w.worker);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    // An MPI rank (a command run under mpirun) is named by its rank too.
    case Worker: return w.rank >= 0 ? QVariant(tr("%1 (rank %2)").arg(w.worker).arg(w.rank)) : QVariant(w.worker);
    case Pid: return w.pid;
    case Cpuset: return QString::fromStdString(w.cpuset);
    case Tasks: return static_cast<qlonglong>(w.tasks);
    case CpuSeconds: return QString::number(w.cpuSeconds, 'f', 3);
    case ComputeSeconds: return QString::number(w.computeSeconds, 'f', 3);
    case RunqWaitSeconds: return QString::number(w.runqWaitSeconds, 'f', 3);
    case Involuntary: return static_cast<qulonglong>(w.involuntaryCtxSwitches);
    case Voluntary: return static_cast<qulonglong>(w.voluntaryCtxSwitches);
    }
    return {};
}

} // namespace oversub::ui
