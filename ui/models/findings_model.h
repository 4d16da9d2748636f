#pragma once
// The advisor's findings and the errors of one run (the selected one), one
// row each: severity, plain sentence, evidence in the tooltip.

#include "events/event_kinds.h"

#include <QAbstractListModel>

#include <vector>

namespace oversub::ui {

class FindingsModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int SeverityRole = Qt::UserRole;
    static constexpr int IdRole = Qt::UserRole + 1;

    explicit FindingsModel(QObject* parent = nullptr);

    void setFindings(const std::vector<events::Finding>& findings, const std::vector<events::Error>& errors);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::vector<events::Finding> rows_; // errors become findings of severity "error"
};

} // namespace oversub::ui
