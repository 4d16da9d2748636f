#pragma once
// One row a run: its knobs and what was measured. Display text is formatted
// here; Qt::UserRole holds the raw number (or text) so a
// QSortFilterProxyModel sorts wall times as numbers, not strings.

#include <QAbstractTableModel>

namespace oversub::ui {

class RunStore;

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Index,
        Label,
        Status,
        Workload,
        Size,
        Tasks,
        Workers,
        Threads,
        Affinity,
        Delivery,
        Schedule,
        WallSeconds,
        SpawnSeconds,
        ComputeSeconds,
        DeliverySeconds,
        Gflops,
        Gbps,
        RunqWaitSeconds,
        InvoluntarySwitches,
        Findings,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int RunIndexRole = Qt::UserRole + 1; // index into RunStore::runs()

    explicit RunTableModel(RunStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    RunStore* store_;
};

} // namespace oversub::ui
