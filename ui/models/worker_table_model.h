#pragma once
// The workers of the selected run: where each ran and what it cost. The
// first column carries the worker's colour, the same as in the core view and
// the timeline.

#include "events/event_kinds.h"

#include <QAbstractTableModel>

#include <vector>

namespace oversub::ui {

class WorkerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Worker,
        Pid,
        Cpuset,
        Tasks,
        CpuSeconds,
        ComputeSeconds,
        RunqWaitSeconds,
        Involuntary,
        Voluntary,
        ColumnCount
    };

    explicit WorkerTableModel(QObject* parent = nullptr);
    void setWorkers(const std::vector<events::WorkerStats>& workers);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<events::WorkerStats> workers_;
};

} // namespace oversub::ui
