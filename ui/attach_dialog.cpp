#include "attach_dialog.h"

#include "engine/process_list_source.h"
#include "monospace_font.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace oversub::ui {
namespace {
enum Column { PidColumn, ThreadsColumn, NameColumn, CommandColumn, ColumnCount };
}

AttachDialog::AttachDialog(QWidget* parent, ProcessSource source)
    : QDialog(parent), source_(source ? std::move(source) : ProcessSource(processesFromEngine)) {
    setWindowTitle(tr("Attach to process"));
    setObjectName(QStringLiteral("attachDialog"));
    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("attachFilter"));
    filter_->setPlaceholderText(tr("pid, name or part of the command line"));
    filter_->setClearButtonEnabled(true);
    pidField_ = new QLineEdit;
    pidField_->setObjectName(QStringLiteral("attachPid"));
    pidField_->setValidator(new QIntValidator(1, 1 << 30, pidField_));
    pidField_->setPlaceholderText(tr("or type a pid"));

    model_ = new QStandardItemModel(0, ColumnCount, this);
    model_->setHorizontalHeaderLabels({tr("PID"), tr("Threads"), tr("Name"), tr("Command line")});
    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("attachList"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->setTextElideMode(Qt::ElideMiddle);

    hint_ = new QLabel(tr("Every thread of the process and of every child it starts later is drawn on the cores, "
                          "read from /proc without ptrace. Detach (Esc) stops watching; the program keeps running."));
    hint_->setWordWrap(true);
    problem_ = new QLabel;
    problem_->setObjectName(QStringLiteral("attachProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b00020;"));
    problem_->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    attachButton_ = buttons->addButton(tr("&Attach"), QDialogButtonBox::AcceptRole);
    attachButton_->setObjectName(QStringLiteral("attachButton"));
    QPushButton* refreshButton = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    connect(refreshButton, &QPushButton::clicked, this, &AttachDialog::refresh);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&Filter:"), filter_);
    form->addRow(tr("&PID:"), pidField_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(table_, 1);
    layout->addWidget(problem_);
    layout->addWidget(hint_);
    layout->addWidget(buttons);
    resize(820, 520);

    connect(filter_, &QLineEdit::textChanged, this, &AttachDialog::showFiltered);
    connect(pidField_, &QLineEdit::textChanged, this, &AttachDialog::updateButton);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AttachDialog::updateButton);
    connect(table_, &QTableView::doubleClicked, this, [this] {
        if (selectedPid() > 0) accept();
    });
    refresh();
    filter_->setFocus();
}

void AttachDialog::refresh() {
    try {
        all_ = source_();
        problem_->hide();
    } catch (const std::exception& e) {
        all_.clear();
        problem_->setText(tr("No process list: %1").arg(QString::fromUtf8(e.what())));
        problem_->show();
    }
    showFiltered();
}

void AttachDialog::setFilter(const QString& text) { filter_->setText(text); }

void AttachDialog::showFiltered() {
    shown_ = sampler::filterProcesses(all_, filter_->text().toStdString());
    model_->setRowCount(0);
    const QFont mono = monospaceFont();
    for (const auto& entry : shown_) {
        auto* pid = new QStandardItem;
        pid->setData(entry.pid, Qt::DisplayRole);
        auto* threads = new QStandardItem;
        threads->setData(entry.threads, Qt::DisplayRole);
        auto* name = new QStandardItem(QString::fromStdString(entry.name));
        auto* command = new QStandardItem(QString::fromStdString(entry.displayText()));
        command->setToolTip(command->text());
        command->setFont(mono);
        model_->appendRow({pid, threads, name, command});
    }
    if (shown_.size() == 1) selectRow(0);
    updateButton();
}

int AttachDialog::visibleRows() const { return model_->rowCount(); }

int AttachDialog::pidOfRow(int row) const {
    return row >= 0 && row < static_cast<int>(shown_.size()) ? shown_[row].pid : 0;
}

void AttachDialog::selectRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    table_->selectRow(row);
}

int AttachDialog::selectedPid() const {
    bool ok = false;
    const int typed = pidField_->text().trimmed().toInt(&ok);
    if (ok && typed > 0) return typed;
    const auto rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : pidOfRow(rows.first().row());
}

const sampler::ProcessListEntry* AttachDialog::selectedEntry() const {
    const int pid = selectedPid();
    auto it = std::find_if(all_.begin(), all_.end(), [pid](const auto& e) { return e.pid == pid; });
    return it == all_.end() ? nullptr : &*it;
}

void AttachDialog::updateButton() { attachButton_->setEnabled(selectedPid() > 0); }

} // namespace oversub::ui
