#pragma once
// "Attach to process...": the running processes (pid, threads, name,
// command line) from core's process list, a filter box that narrows them by
// pid, name or command line, and a pid field for typing one directly. The
// list comes through an injectable source so tests can give a fixed one.

#include "events/process_list.h"

#include <QDialog>

#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace oversub::ui {

class AttachDialog : public QDialog {
    Q_OBJECT
public:
    // The running processes; throws std::runtime_error saying why there are none.
    using ProcessSource = std::function<std::vector<sampler::ProcessListEntry>()>;

    explicit AttachDialog(QWidget* parent = nullptr, ProcessSource source = {});

    // The pid to attach to: the typed one, else the selected row; 0 when none.
    int selectedPid() const;
    // The entry of selectedPid() when it is in the list (its name for the status bar).
    const sampler::ProcessListEntry* selectedEntry() const;
    void refresh(); // reads the process list again
    void setFilter(const QString& text);
    int visibleRows() const;
    int pidOfRow(int row) const;
    void selectRow(int row);
    QLineEdit* filterField() const { return filter_; }
    QLineEdit* pidField() const { return pidField_; }
    QPushButton* attachButton() const { return attachButton_; }

private:
    void showFiltered();
    void updateButton();

    ProcessSource source_;
    std::vector<sampler::ProcessListEntry> all_;
    std::vector<sampler::ProcessListEntry> shown_;
    QLineEdit* filter_ = nullptr;
    QLineEdit* pidField_ = nullptr;
    QTableView* table_ = nullptr;
    QStandardItemModel* model_ = nullptr;
    QLabel* problem_ = nullptr; // why there is no list (the engine failed)
    QLabel* hint_ = nullptr;
    QPushButton* attachButton_ = nullptr;
};

} // namespace oversub::ui
