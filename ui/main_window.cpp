#include "main_window.h"

#include "charts/heat_map.h"
#include "charts/load_chart.h"
#include "charts/phase_chart.h"
#include "charts/speedup_chart.h"
#include "experiment/file_trust.h"
#include "charts/timeline_chart.h"
#include "coreview/core_view.h"
#include "engine/machine_feed.h"
#include "engine/run_session.h"
#include "error_banner.h"
#include "gauge_label.h"
#include "live_view.h"
#include "attach_controller.h"
#include "preset_banner.h"
#include "recovery_controller.h"
#include "models/findings_model.h"
#include "models/run_store.h"
#include "models/run_table_model.h"
#include "models/worker_table_model.h"
#include "panel/knob_panel.h"
#include "run_details_view.h"

#include <QAction>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>


namespace oversub::ui {
namespace {

// run_started's experiment runs a program of the user's (a --command run).
bool isCommandExperiment(const nlohmann::json& experiment) {
    return experiment.is_object() && experiment.contains("command") && experiment["command"].is_string() &&
           !experiment["command"].get<std::string>().empty();
}

} // namespace

MainWindow::MainWindow(const StartupOptions& options, QWidget* parent) : QMainWindow(parent), options_(options) {
    setWindowTitle(options_.synthetic.isEmpty() ? tr("Oversub") : tr("Oversub: what-if %1").arg(options_.synthetic));
    setObjectName(QStringLiteral("oversubMainWindow"));
    machine_ = new MachineFeed(this);
    store_ = new RunStore(this);
    session_ = new RunSession(store_, this);
    live_ = new LiveView(this);
    attach_ = new AttachController(
        live_, [this] { return panel_->isValid() ? panel_->experiment().rateHz : 10.0; }, this);
    buildLayout();
    buildMenus();
    buildStatusBar();
    buildAttachAndCommand();
    // Consent given on the command line, as oversub-cli's --allow-command.
    if (options_.allowCommand) consentAsker_ = [](QWidget*, const QString&, const QString&) { return true; };
    restoreSettings();
    if (!options_.experimentPath.isEmpty()) openExperimentFile(options_.experimentPath);
    if (!options_.presetName.isEmpty()) loadPreset(options_.presetName);
    if (options_.size.isValid()) resize(options_.size);

    connect(machine_, &MachineFeed::topologyReady, this, &MainWindow::onTopology);
    connect(machine_, &MachineFeed::placementReady, this, &MainWindow::onPlacement);
    connect(machine_, &MachineFeed::problem, this, &MainWindow::showProblem);
    connect(machine_, &MachineFeed::snapshot, live_, &LiveView::showMachineSample);
    connect(panel_, &KnobPanel::validityChanged, this, &MainWindow::updateActions);
    connect(panel_, &KnobPanel::edited, this, [this] {
        if (!options_.synthetic.isEmpty()) previewTimer_.start();
    });
    previewTimer_.setSingleShot(true);
    previewTimer_.setInterval(250);
    connect(&previewTimer_, &QTimer::timeout, this, &MainWindow::requestPlacementPreview);
    elapsedTimer_.setInterval(200);
    connect(&elapsedTimer_, &QTimer::timeout, this, &MainWindow::updateElapsed);

    connect(session_, &RunSession::progressed, this, [this](double fraction, const QString& text) {
        progress_->setValue(static_cast<int>(fraction * 1000));
        progress_->setFormat(text);
    });
    connect(session_, &RunSession::sample, live_, &LiveView::showRunSample);
    connect(session_, &RunSession::workerReady, live_, &LiveView::showWorkerReady);
    connect(session_, &RunSession::runStarted, this, [this](const events::RunStarted& e) {
        // Built-in workers are told apart by index; a command's processes by name.
        live_->startRun(isCommandExperiment(e.experiment));
        statusText_->setText(e.label.empty() ? tr("Running...") : tr("Running %1...").arg(QString::fromStdString(e.label)));
    });
    connect(session_, &RunSession::workerError, this, &MainWindow::onWorkerError);
    connect(session_, &RunSession::runStored, this, [this](int index) {
        selectRun(index);
        warnIfAffinityNarrowed(index);
    });
    connect(session_, &RunSession::ended, this, &MainWindow::onSessionEnded);
    connect(session_, &RunSession::sweepFinished, this, &MainWindow::onSweepFinished);

    // Before any run of this window starts: offer what a crash left behind.
    recovery_ = new RecoveryController(store_, this, session_->journalDirectory());
    connect(recovery_, &RecoveryController::problem, this, &MainWindow::showProblem);
    connect(recovery_, &RecoveryController::restored, this, [this](const RestoredRuns& restored) {
        if (options_.experimentPath.isEmpty() && options_.presetName.isEmpty()) panel_->setExperiment(restored.experiment);
        heatMap_->setSummary(restored.summary);
        if (restored.count > 0) selectRun(restored.firstIndex + restored.count - 1);
        statusText_->setText(restored.message);
    });
    recovery_->scan();
    if (options_.recover == RecoverMode::Ask) QTimer::singleShot(0, recovery_, [this] { recovery_->handle(RecoverMode::Ask); });
    else recovery_->handle(options_.recover);

    machine_->loadTopology(options_.synthetic);
    updateActions();
    if (!options_.chart.isEmpty())
        chartTabs_->setCurrentIndex(QStringList{"load", "wall", "speedup", "timeline", "heatmap"}.indexOf(options_.chart));
    if (options_.run || options_.sweep || !options_.screenshotPath.isEmpty()) {
        automationPending_ = true;
        QTimer::singleShot(0, this, &MainWindow::runAutomation);
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout() {
    panel_ = new KnobPanel;
    auto* panelScroll = new QScrollArea;
    panelScroll->setWidget(panel_);
    panelScroll->setWidgetResizable(true);
    panelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    panelScroll->setMinimumWidth(panel_->minimumSizeHint().width() + 20);

    banner_ = new ErrorBanner;
    presetBanner_ = new PresetBanner;
    buildCharts();

    auto* centre = new QWidget;
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(2);
    centreSplitter_ = new QSplitter(Qt::Horizontal);
    centreSplitter_->setObjectName(QStringLiteral("centreSplitter"));
    centreSplitter_->addWidget(live_->coreView());
    centreSplitter_->addWidget(chartTabs_);
    centreSplitter_->setStretchFactor(0, 1);
    centreSplitter_->setStretchFactor(1, 1);
    centreLayout->addWidget(banner_);
    centreLayout->addWidget(presetBanner_);
    centreLayout->addWidget(centreSplitter_, 1);

    topSplitter_ = new QSplitter(Qt::Horizontal);
    topSplitter_->addWidget(panelScroll);
    topSplitter_->addWidget(centre);
    topSplitter_->setStretchFactor(0, 0);
    topSplitter_->setStretchFactor(1, 1);

    buildBottom();
    mainSplitter_ = new QSplitter(Qt::Vertical);
    mainSplitter_->addWidget(topSplitter_);
    mainSplitter_->addWidget(bottomSplitter_);
    mainSplitter_->setStretchFactor(0, 3);
    mainSplitter_->setStretchFactor(1, 1);
    setCentralWidget(mainSplitter_);
    resize(1280, 800);
    mainSplitter_->setSizes({560, 200});
    centreSplitter_->setSizes({500, 500});
}

void MainWindow::buildCharts() {
    chartTabs_ = new QTabWidget;
    chartTabs_->setObjectName(QStringLiteral("chartTabs"));
    phaseChart_ = new PhaseChart;
    speedupChart_ = new SpeedupChart;
    timelineChart_ = new TimelineChart;
    chartPanels_ = {live_->loadChart(), phaseChart_, speedupChart_, timelineChart_};
    chartTabs_->addTab(live_->loadChart(), tr("Load"));
    chartTabs_->addTab(phaseChart_, tr("Wall time"));
    chartTabs_->addTab(speedupChart_, tr("Speedup"));
    chartTabs_->addTab(timelineChart_, tr("Timeline"));
    heatMap_ = new HeatMapView;
    chartTabs_->addTab(heatMap_, tr("Heat map"));
    connect(heatMap_, &HeatMapView::cellClicked, this, [this](const QString& label) { selectRunOfPoint(label); });
    for (ChartPanel* chart : chartPanels_)
        connect(chart, &ChartPanel::exportRequested, this, &MainWindow::askExportChart);
}

void MainWindow::buildBottom() {
    runModel_ = new RunTableModel(store_, this);
    runProxy_ = new QSortFilterProxyModel(this);
    runProxy_->setSourceModel(runModel_);
    runProxy_->setSortRole(RunTableModel::SortRole);
    runTable_ = new QTableView;
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
                refreshRunViews();
            });

    findingsModel_ = new FindingsModel(this);
    findingsList_ = new QListView;
    findingsList_->setObjectName(QStringLiteral("findings"));
    findingsList_->setModel(findingsModel_);
    findingsList_->setWordWrap(true);
    findingsList_->setAlternatingRowColors(true);
    workerModel_ = new WorkerTableModel(this);
    workerTable_ = new QTableView;
    workerTable_->setModel(workerModel_);
    workerTable_->verticalHeader()->setVisible(false);
    workerTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    detailTabs_ = new QTabWidget;
    detailTabs_->addTab(findingsList_, tr("Findings"));
    detailTabs_->addTab(workerTable_, tr("Workers"));

    bottomSplitter_ = new QSplitter(Qt::Horizontal);
    bottomSplitter_->addWidget(runTable_);
    bottomSplitter_->addWidget(detailTabs_);
    bottomSplitter_->setStretchFactor(0, 3);
    bottomSplitter_->setStretchFactor(1, 2);
}

void MainWindow::buildStatusBar() {
    statusText_ = new QLabel;
    statusText_->setObjectName(QStringLiteral("statusText"));
    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(260);
    progress_->setTextVisible(true);
    progress_->setVisible(false);
    elapsedText_ = new QLabel;
    statusBar()->addWidget(statusText_, 1);
    statusBar()->addPermanentWidget(live_->gauge());
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(elapsedText_);
}

QString MainWindow::statusMessage() const { return statusText_->text(); }
CoreView* MainWindow::coreView() const { return live_->coreView(); }
GaugeLabel* MainWindow::gauge() const { return live_->gauge(); }
const SampleHistory& MainWindow::sampleHistory() const { return live_->history(); }

void MainWindow::restoreSettings() {
    if (options_.ignoreSettings) return;
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    mainSplitter_->restoreState(settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
    centreSplitter_->restoreState(settings.value(QStringLiteral("window/centreSplitter")).toByteArray());
    if (options_.experimentPath.isEmpty()) {
        const QString last = settings.value(QStringLiteral("experiment/last")).toString();
        if (!last.isEmpty()) openExperimentFile(last);
    }
}

void MainWindow::saveSettings() {
    if (options_.ignoreSettings) return;
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/mainSplitter"), mainSplitter_->saveState());
    settings.setValue(QStringLiteral("window/centreSplitter"), centreSplitter_->saveState());
    settings.setValue(QStringLiteral("experiment/last"), experimentPath_);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    if (session_->isRunning()) session_->cancel();
    machine_->stopWatching();
    QMainWindow::closeEvent(event);
}

bool MainWindow::openExperimentFile(const QString& path) {
    try {
        Experiment experiment = loadExperimentFile(path.toStdString());
        refuseFaultFrom(experiment, path.toStdString());
        const QString refusedCommand = consentToCommandOf(experiment, path);
        panel_->setExperiment(experiment);
        experimentPath_ = path;
        presetName_.clear();
        presetBanner_->clear();
        banner_->clear();
        if (!refusedCommand.isEmpty()) banner_->showMessage(refusedCommand);
        statusText_->setText(tr("Opened %1").arg(path));
        return true;
    } catch (const std::exception& error) {
        showProblem(tr("Could not open the experiment, the current one is kept. %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

bool MainWindow::saveExperimentTo(const QString& path) {
    try {
        saveExperimentFile(path.toStdString(), panel_->isSweepValid() ? panel_->sweepExperiment() : panel_->experiment());
        experimentPath_ = path;
        statusText_->setText(tr("Saved %1").arg(path));
        return true;
    } catch (const std::exception& error) {
        showProblem(tr("Could not save the experiment: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
}

void MainWindow::onTopology(const TopologyInfo& info) {
    topology_ = info;
    hasTopology_ = true;
    auto count = [](int n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    const QString description = QStringLiteral("%1: %2, %3, %4")
                                    .arg(QString::fromStdString(info.source), count(info.packages, "package", "packages"),
                                         count(info.cores, "core", "cores"), count(info.puCount(), "PU", "PUs"));
    live_->setMachine(info, !options_.synthetic.isEmpty(), description.toStdString());
    if (!isRunning()) statusText_->setText(description);
    if (options_.synthetic.isEmpty()) resumeLiveView();
    else requestPlacementPreview();
    emit topologyShown();
}

void MainWindow::requestPlacementPreview() {
    if (options_.synthetic.isEmpty() || !panel_->isValid()) return;
    const Experiment e = panel_->experiment();
    machine_->requestPlacement(e.workers, e.threads, QString::fromStdString(getKnob(e, "affinity")),
                               QString::fromStdString(e.cpus), options_.synthetic);
}

void MainWindow::onPlacement(const PlacementPreview& preview) {
    // Hollow markers show where each worker would be allowed to run; nothing
    // is greyed, since a what-if machine has no run cpuset of its own.
    live_->coreView()->setPlacementPreview(preview.pusPerWorker);
    statusText_->setText(tr("What-if %1: %2 workers placed, workers x threads / PUs = %3 (preview, nothing runs)")
                             .arg(options_.synthetic)
                             .arg(preview.pusPerWorker.size())
                             .arg(preview.oversubscription, 0, 'g', 3));
}

void MainWindow::resumeLiveView() {
    if (!options_.synthetic.isEmpty() || isRunning() || isAttached()) return;
    machine_->startWatching(panel_->isValid() ? panel_->experiment().rateHz : 10);
}

void MainWindow::selectRun(int storeIndex) {
    const QModelIndex source = runModel_->index(storeIndex, 0);
    const QModelIndex proxy = runProxy_->mapFromSource(source);
    if (proxy.isValid()) {
        runTable_->selectionModel()->setCurrentIndex(
            proxy, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        runTable_->scrollTo(proxy);
    }
    selectedRun_ = storeIndex;
    refreshRunViews();
}

bool MainWindow::selectRunOfPoint(const QString& label) {
    const auto& runs = store_->runs();
    for (int i = static_cast<int>(runs.size()) - 1; i >= 0; --i) {
        if (runs[i].record.warmup || QString::fromStdString(runs[i].record.label) != label) continue;
        selectRun(i);
        return true;
    }
    return false;
}

void MainWindow::refreshRunViews() {
    const auto& runs = store_->runs();
    phaseChart_->setRuns(runs, selectedRun_);
    speedupChart_->setRuns(runs, selectedRun_, hasTopology_ ? topology_.allowed.count() : 0);
    const StoredRun* run = selectedRun_ >= 0 && selectedRun_ < static_cast<int>(runs.size()) ? &runs[selectedRun_] : nullptr;
    timelineChart_->setRun(run, selectedRun_);
    runDetails_->setRun(run);
    if (run) {
        findingsModel_->setFindings(run->record.done.findings, run->record.errors);
        workerModel_->setWorkers(run->record.done.workers);
    } else {
        findingsModel_->clear();
        workerModel_->setWorkers({});
    }
}

void MainWindow::showProblem(const QString& message) {
    banner_->showMessage(message);
    statusText_->setText(message);
}

} // namespace oversub::ui
