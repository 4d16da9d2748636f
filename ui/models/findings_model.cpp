#include "models/findings_model.h"

#include "analysis/advice_text.h"

#include <QColor>
#include <QStringList>

namespace oversub::ui {

std::vector<KnobChangeText> fixChanges(const events::Finding& f) {
    if (!f.evidence.is_object() || !f.evidence.contains("fix_knobs") || !f.evidence["fix_knobs"].is_array()) return {};
    std::vector<KnobChangeText> changes;
    for (const auto& change : f.evidence["fix_knobs"]) {
        if (!change.is_object() || !change.contains("knob") || !change.contains("value") ||
            !change["knob"].is_string() || !change["value"].is_string())
            continue;
        changes.emplace_back(QString::fromStdString(change["knob"].get<std::string>()),
                             QString::fromStdString(change["value"].get<std::string>()));
    }
    return changes;
}

QString describeChanges(const std::vector<KnobChangeText>& changes) {
    QStringList parts;
    for (const auto& [knob, value] : changes)
        parts << QStringLiteral("%1 = %2").arg(knob, value.isEmpty() ? FindingsModel::tr("(empty)") : value);
    return parts.join(QStringLiteral(", "));
}

FindingsModel::FindingsModel(QObject* parent) : QAbstractListModel(parent) {}

std::vector<KnobChangeText> FindingsModel::changesOf(int row) const {
    if (row < 0 || row >= rowCount()) return {};
    return fixChanges(rows_[static_cast<size_t>(row)]);
}

int FindingsModel::firstRowWithChanges() const {
    for (int row = 0; row < rowCount(); ++row)
        if (!changesOf(row).empty()) return row;
    return -1;
}

void FindingsModel::setFindings(const std::vector<events::Finding>& findings,
                                const std::vector<events::Error>& errors) {
    beginResetModel();
    rows_.clear();
    for (const auto& error : errors) {
        events::Finding row;
        row.id = std::string(events::toString(error.kind));
        row.severity = "error";
        row.text = error.message;
        rows_.push_back(std::move(row));
    }
    rows_.insert(rows_.end(), findings.begin(), findings.end());
    endResetModel();
}

void FindingsModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

int FindingsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

namespace {

// The advisor's knob changes as the window's user applies them: "In the
// panel: threads = 1."
QString panelFix(const events::Finding& f) {
    const auto changes = fixChanges(f);
    return changes.empty() ? QString() : FindingsModel::tr("In the panel: %1.").arg(describeChanges(changes));
}

} // namespace

QVariant FindingsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const auto& f = rows_[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: {
        QString text =
            // The fix named as the panel's field and value, not as a CLI flag.
            QStringLiteral("[%1] %2").arg(QString::fromStdString(f.severity),
                                          QString::fromStdString(analysis::windowText(f)));
        if (const QString fix = panelFix(f); !fix.isEmpty()) text += QLatin1Char(' ') + fix;
        return text;
    }
    case Qt::ToolTipRole:
        return QStringLiteral("%1\n%2").arg(QString::fromStdString(f.id), QString::fromStdString(f.evidence.dump(1)));
    case Qt::ForegroundRole:
        if (f.severity == "error" || f.severity == "critical") return QColor(210, 40, 40);
        if (f.severity == "warning") return QColor(200, 120, 0);
        return {};
    case SeverityRole: return QString::fromStdString(f.severity);
    case IdRole: return QString::fromStdString(f.id);
    }
    return {};
}

} // namespace oversub::ui
