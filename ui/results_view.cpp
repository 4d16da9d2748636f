#include "results_view.h"

#include "charts/heat_map.h"
#include "charts/phase_chart.h"
#include "charts/speedup_chart.h"
#include "charts/timeline_chart.h"
#include "models/findings_model.h"
#include "models/run_store.h"
#include "models/run_table_model.h"
#include "models/worker_table_model.h"
#include "run_details_view.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace oversub::ui {

ResultsView::ResultsView(RunStore* store, QObject* parent)
    : QObject(parent), store_(store), runModel_(new RunTableModel(store, this)),
      runProxy_(new QSortFilterProxyModel(this)), findingsModel_(new FindingsModel(this)),
      workerModel_(new WorkerTableModel(this)), runTable_(new QTableView), findingsList_(new QListView),
      applyFixButton_(new QPushButton), workerTable_(new QTableView), runDetails_(new RunDetailsView),
      detailTabs_(new QTabWidget), tables_(new QSplitter(Qt::Horizontal)), phaseChart_(new PhaseChart),
      speedupChart_(new SpeedupChart), timelineChart_(new TimelineChart), heatMap_(new HeatMapView) {
    runProxy_->setSourceModel(runModel_);
    runProxy_->setSortRole(RunTableModel::SortRole);
    runTable_->setObjectName(QStringLiteral("runTable"));
    runTable_->setModel(runProxy_);
    runTable_->setSortingEnabled(true);
    runTable_->sortByColumn(RunTableModel::Index, Qt::AscendingOrder);
    runTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    runTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    runTable_->verticalHeader()->setVisible(false);
    runTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    runTable_->horizontalHeader()->setStretchLastSection(true);
    runTable_->setAlternatingRowColors(true);
    connect(runTable_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
        if (!current.isValid()) return;
        selectedRun_ = runProxy_->data(current, RunTableModel::RunIndexRole).toInt();
        refresh();
    });

    // Any recorded run can be replayed from its row.
    runTable_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(runTable_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex proxy = runTable_->indexAt(at);
        if (!proxy.isValid()) return;
        const int index = runProxy_->data(proxy, RunTableModel::RunIndexRole).toInt();
        if (index < 0 || index >= static_cast<int>(store_->runs().size())) return;
        const StoredRun& run = store_->runs()[static_cast<size_t>(index)];
        auto recorded = [](const StoredRun& r) {
            return !r.recordingPath.isEmpty() && QFileInfo::exists(r.recordingPath);
        };
        QMenu menu;
        QAction* replay = menu.addAction(tr("Replay this run"));
        replay->setEnabled(recorded(run));
        if (!replay->isEnabled())
            replay->setToolTip(tr("This run was not recorded (opened from a file, or recovered)"));
        // Compare with another recorded row (the latest first), or with any recording.
        QMenu* compare = menu.addMenu(tr("Compare with"));
        compare->setEnabled(recorded(run));
        const auto& runs = store_->runs();
        int offered = 0;
        for (int other = static_cast<int>(runs.size()) - 1; other >= 0 && offered < kCompareMenuRows; --other) {
            const StoredRun& candidate = runs[static_cast<size_t>(other)];
            if (other == index || !recorded(candidate)) continue;
            const QString label = QString::fromStdString(candidate.record.label);
            QAction* action = compare->addAction(label.isEmpty() ? tr("#%1").arg(other + 1)
                                                                 : tr("#%1  %2").arg(other + 1).arg(label));
            connect(action, &QAction::triggered, this, [this, run, candidate] {
                emit compareRequested(run.recordingPath, run.recordedRun, candidate.recordingPath,
                                      candidate.recordedRun);
            });
            ++offered;
        }
        compare->addSeparator();
        connect(compare->addAction(tr("A recording file...")), &QAction::triggered, this,
                [this, run] { emit compareRequested(run.recordingPath, run.recordedRun, QString(), -1); });
        if (menu.exec(runTable_->viewport()->mapToGlobal(at)) == replay)
            emit replayRequested(run.recordingPath, run.recordedRun);
    });

    findingsList_->setObjectName(QStringLiteral("findings"));
    findingsList_->setModel(findingsModel_);
    findingsList_->setWordWrap(true);
    findingsList_->setAlternatingRowColors(true);
    applyFixButton_->setObjectName(QStringLiteral("applyFix"));
    auto* findingsTab = new QWidget;
    auto* findingsLayout = new QVBoxLayout(findingsTab);
    findingsLayout->setContentsMargins(0, 0, 0, 0);
    findingsLayout->setSpacing(2);
    findingsLayout->addWidget(findingsList_, 1);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->setContentsMargins(2, 0, 2, 2);
    buttonRow->addWidget(applyFixButton_);
    buttonRow->addStretch(1);
    findingsLayout->addLayout(buttonRow);
    connect(findingsList_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ResultsView::updateApplyFix);
    auto requestFix = [this] {
        const auto changes = findingsModel_->changesOf(findingsList_->currentIndex().row());
        if (applyFixAllowed_ && !changes.empty()) emit applyFixRequested(changes);
    };
    connect(applyFixButton_, &QPushButton::clicked, this, requestFix);
    connect(findingsList_, &QListView::doubleClicked, this, requestFix);
    updateApplyFix();
    workerTable_->setObjectName(QStringLiteral("workerTable"));
    workerTable_->setModel(workerModel_);
    workerTable_->verticalHeader()->setVisible(false);
    workerTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    runDetails_->setObjectName(QStringLiteral("runDetails"));
    detailTabs_->addTab(findingsTab, tr("Findings"));
    detailTabs_->addTab(workerTable_, tr("Workers"));
    detailTabs_->addTab(runDetails_, tr("Command"));

    tables_->setObjectName(QStringLiteral("resultTables"));
    tables_->addWidget(runTable_);
    tables_->addWidget(detailTabs_);
    tables_->setStretchFactor(0, 3);
    tables_->setStretchFactor(1, 2);

    connect(heatMap_, &HeatMapView::cellClicked, this, [this](const QString& label) { selectRunOfPoint(label); });
}

ResultsView::~ResultsView() {
    // A window places some of these (a compare window none): the rest go with this.
    const std::initializer_list<QWidget*> widgets{tables_, phaseChart_, speedupChart_, timelineChart_, heatMap_};
    for (QWidget* widget : widgets)
        if (!widget->parent()) delete widget;
}

std::vector<ChartPanel*> ResultsView::charts() const { return {phaseChart_, speedupChart_, timelineChart_}; }

void ResultsView::selectRun(int storeIndex) {
    const QModelIndex proxy = runProxy_->mapFromSource(runModel_->index(storeIndex, 0));
    if (proxy.isValid()) {
        runTable_->selectionModel()->setCurrentIndex(proxy,
                                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        runTable_->scrollTo(proxy);
    }
    selectedRun_ = storeIndex;
    refresh();
}

bool ResultsView::selectRunOfPoint(const QString& label) {
    const auto& runs = store_->runs();
    for (int i = static_cast<int>(runs.size()) - 1; i >= 0; --i) {
        if (runs[i].record.warmup || QString::fromStdString(runs[i].record.label) != label) continue;
        selectRun(i);
        return true;
    }
    return false;
}

void ResultsView::selectLatest() {
    if (!store_->runs().empty()) selectRun(static_cast<int>(store_->runs().size()) - 1);
}

void ResultsView::clear() {
    selectedRun_ = -1;
    refresh();
}

void ResultsView::setAllowedPus(int count) {
    allowedPus_ = count;
    refresh();
}

void ResultsView::showSweepSummary(const nlohmann::json& summary) {
    heatMap_->setSummary(summary);
    // A memory-bound sweep carries the machine's bandwidth ceiling: the speedup chart draws it.
    if (const auto ceiling = bandwidthCeilingOf(summary); ceiling && !store_->runs().empty()) {
        speedupChart_->setBandwidthCeiling(store_->runs().back().invocation, *ceiling);
        refresh();
    }
}

void ResultsView::startLiveWorkers() { liveWorkers_.clear(); }

void ResultsView::addLiveWorker(const events::WorkerReady& ready) {
    events::WorkerStats row;
    row.worker = ready.worker;
    row.pid = ready.pid;
    row.cpuset = ready.cpuset;
    liveWorkers_.push_back(row);
    workerModel_->setWorkers(liveWorkers_);
}

void ResultsView::showLiveFindings(const std::vector<events::Finding>& findings) {
    findingsModel_->setFindings(findings, {});
    selectFirstFix();
}

void ResultsView::setApplyFixAllowed(bool allowed) {
    applyFixAllowed_ = allowed;
    updateApplyFix();
}

void ResultsView::selectFirstFix() {
    const int row = findingsModel_->firstRowWithChanges();
    if (row >= 0) findingsList_->setCurrentIndex(findingsModel_->index(row));
    updateApplyFix();
}

void ResultsView::updateApplyFix() {
    const auto changes = findingsModel_->changesOf(findingsList_->currentIndex().row());
    if (changes.empty()) {
        applyFixButton_->setText(tr("Apply and run"));
        applyFixButton_->setToolTip(tr("Select a finding that proposes a change in the panel"));
    } else {
        applyFixButton_->setText(tr("Apply and run: %1").arg(describeChanges(changes)));
        applyFixButton_->setToolTip(tr("Set %1 in the panel and run the experiment again (or double-click the finding)")
                                        .arg(describeChanges(changes)));
    }
    applyFixButton_->setEnabled(applyFixAllowed_ && !changes.empty());
}

void ResultsView::refresh() {
    const auto& runs = store_->runs();
    phaseChart_->setRuns(runs, selectedRun_);
    speedupChart_->setRuns(runs, selectedRun_, allowedPus_);
    const bool valid = selectedRun_ >= 0 && selectedRun_ < static_cast<int>(runs.size());
    const StoredRun* run = valid ? &runs[selectedRun_] : nullptr;
    timelineChart_->setRun(run, selectedRun_);
    runDetails_->setRun(run);
    if (run) {
        findingsModel_->setFindings(run->record.done.findings, run->record.errors);
        workerModel_->setWorkers(run->record.done.workers);
    } else {
        findingsModel_->clear();
        workerModel_->setWorkers({});
    }
    selectFirstFix();
}

} // namespace oversub::ui
