#pragma once
// The advisor's findings and the errors of one run (the selected one), one
// row each: severity, plain sentence, evidence in the tooltip, and the knob
// changes the advisor proposes (evidence "fix_knobs"), which the window can
// apply to its panel.

#include "events/event_kinds.h"

#include <QAbstractListModel>
#include <QString>

#include <utility>
#include <vector>

namespace oversub::ui {

// One proposed change: the panel's field (knob name) and its new value.
using KnobChangeText = std::pair<QString, QString>;

// The changes a finding proposes, in the order the advisor gave them; none
// when its evidence has no well-formed "fix_knobs".
std::vector<KnobChangeText> fixChanges(const events::Finding& finding);

// "affinity = scatter, threads = 1".
QString describeChanges(const std::vector<KnobChangeText>& changes);

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
    // The changes row `row` proposes (see fixChanges); none for an error row.
    std::vector<KnobChangeText> changesOf(int row) const;
    // The first row that proposes a change, -1 if none.
    int firstRowWithChanges() const;

private:
    std::vector<events::Finding> rows_; // errors become findings of severity "error"
};

} // namespace oversub::ui
