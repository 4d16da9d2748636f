#include "main_window.h"

#include "analysis/advice_text.h"
#include "analysis/launch_affinity.h"
#include "attach_controller.h"
#include "charts/heat_map.h"
#include "charts/load_chart.h"
#include "charts/phase_chart.h"
#include "charts/speedup_chart.h"
#include "charts/timeline_chart.h"
#include "coreview/core_view.h"
#include "engine/engine_target.h"
#include "engine/machine_feed.h"
#include "engine/recordings.h"
#include "engine/run_session.h"
#include "error_banner.h"
#include "export_actions.h"
#include "gauge_label.h"
#include "journal_files.h"
#include "live_view.h"
#include "models/run_store.h"
#include "panel/knob_panel.h"
#include "preset_banner.h"
#include "presets_controller.h"
#include "recovery_controller.h"
#include "replay/compare_window.h"
#include "replay/replay_player.h"
#include "replay/replay_window.h"
#include "results_view.h"
#include "run_controller.h"
#include "util/input_error.h"

#include <QCloseEvent>
#include <QFileDialog>
#include <QLabel>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <unistd.h>

namespace oversub::ui {

MainWindow::MainWindow(const StartupOptions& options, QWidget* parent) : QMainWindow(parent), options_(options) {
    updateTitle();
    setObjectName(QStringLiteral("oversubMainWindow"));
    machine_ = new MachineFeed(this);
    store_ = new RunStore(this);
    live_ = new LiveView(this);
    runs_ = new RunController(store_, live_, this);
    results_ = new ResultsView(store_, this);
    attach_ = new AttachController(
        live_, [this] { return panel_->isValid() ? panel_->experiment().rateHz : 10.0; }, this);
    buildLayout();
    buildMenus();
    buildStatusBar();
    connectParts();
    // Consent given on the command line, as oversub-cli's --allow-command.
    if (options_.allowCommand) consentAsker_ = [](QWidget*, const QString&, const QString&) { return true; };
    restoreSettings();
    if (!options_.experimentPath.isEmpty()) openExperimentFile(options_.experimentPath);
    if (!options_.presetName.isEmpty()) loadPreset(options_.presetName);
    if (options_.size.isValid()) resize(options_.size);

    // Before any run of this window starts: offer what a crash left behind.
    recovery_ = new RecoveryController(store_, this, runs_->session()->journalDirectory());
    connect(recovery_, &RecoveryController::problem, this, &MainWindow::showProblem);
    connect(recovery_, &RecoveryController::restored, this, [this](const RestoredRuns& restored) {
        if (options_.experimentPath.isEmpty() && options_.presetName.isEmpty())
            panel_->setExperiment(restored.experiment);
        results_->heatMap()->setSummary(restored.summary);
        if (restored.count > 0) results_->selectRun(restored.firstIndex + restored.count - 1);
        showStatus(restored.message);
    });
    recovery_->scan();
    if (options_.recover == RecoverMode::Ask)
        QTimer::singleShot(0, recovery_, [this] { recovery_->handle(RecoverMode::Ask); });
    else recovery_->handle(options_.recover);

    machine_->loadTopology(options_.synthetic);
    updateActions();
    if (!options_.chart.isEmpty())
        chartTabs_->setCurrentIndex(
            QStringList{"load", "wall", "speedup", "timeline", "heatmap"}.indexOf(options_.chart));
    if (options_.run || options_.sweep || !options_.screenshotPath.isEmpty()) {
        automationPending_ = true;
        QTimer::singleShot(0, this, &MainWindow::runAutomation);
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::connectParts() {
    connect(machine_, &MachineFeed::topologyReady, this, &MainWindow::onTopology);
    connect(machine_, &MachineFeed::placementReady, this, &MainWindow::onPlacement);
    connect(machine_, &MachineFeed::problem, this, &MainWindow::showProblem);
    connect(machine_, &MachineFeed::reconnected, this, [this] {
        // The banner said the live view was trying again; it is back.
        if (banner_->message().startsWith(tr("live view: "))) banner_->clear();
        showStatus(tr("the live view is back"));
    });
    connect(machine_, &MachineFeed::snapshot, live_, &LiveView::showMachineSample);
    connect(panel_, &KnobPanel::validityChanged, this, &MainWindow::updateActions);
    connect(panel_, &KnobPanel::edited, this, [this] {
        if (isWhatIf()) previewTimer_.start();
    });
    previewTimer_.setSingleShot(true);
    previewTimer_.setInterval(250);
    connect(&previewTimer_, &QTimer::timeout, this, &MainWindow::requestPlacementPreview);

    // Runs: one thing samples the machine at a time, and the results go to the tables.
    connect(runs_, &RunController::aboutToStart, this, [this] {
        attach_->detach();
        machine_->stopWatching();
        banner_->clear();
    });
    connect(runs_, &RunController::statusChanged, this, &MainWindow::showStatus);
    connect(runs_, &RunController::problem, banner_, &ErrorBanner::addMessage);
    connect(runs_, &RunController::runStarted, results_, &ResultsView::startLiveWorkers);
    // A command run's processes appear in the worker table as the engine
    // discovers them; the run's own table replaces them when it is stored.
    connect(runs_->session(), &RunSession::workerReady, results_, &ResultsView::addLiveWorker);
    connect(runs_, &RunController::runStored, this, [this](int index) {
        results_->selectRun(index);
        warnAboutNarrowedAffinity(store_->runs().at(index).record.done.findings);
    });
    connect(runs_, &RunController::sweepFinished, this, [this](const events::SweepDone& done) {
        results_->showSweepSummary(done.summary);
        presets_->showSweepOutcome(done, runs_->lastWasSweep());
    });
    connect(runs_, &RunController::finished, this, &MainWindow::onRunsFinished);
    connect(runs_->runAction(), &QAction::triggered, this, &MainWindow::startRun);
    connect(results_, &ResultsView::applyFixRequested, this, &MainWindow::applyFix);
    connect(results_, &ResultsView::replayRequested, this, &MainWindow::openReplay);
    connect(results_, &ResultsView::compareRequested, this, &MainWindow::openCompare);
    connect(runs_->sweepAction(), &QAction::triggered, this, &MainWindow::startSweep);

    connect(presets_, &PresetsController::loaded, this, [this](const QString& name) {
        experimentPath_.clear();
        banner_->clear();
        showStatus(tr("Preset %1 loaded: predict, then sweep (F6)").arg(name));
        updateActions();
    });
    connect(presets_, &PresetsController::problem, this, &MainWindow::showProblem);
    connect(exports_, &ExportActions::statusChanged, this, &MainWindow::showStatus);
    connect(exports_, &ExportActions::problem, this, &MainWindow::showProblem);

    connect(attach_, &AttachController::starting, this, [this] {
        machine_->stopWatching();
        banner_->clear();
        results_->showLiveFindings({});
    });
    connect(attach_, &AttachController::statusChanged, this, &MainWindow::showStatus);
    connect(attach_, &AttachController::findingsReady, this, [this](const std::vector<events::Finding>& findings) {
        results_->showLiveFindings(findings);
        warnAboutNarrowedAffinity(findings);
    });
    connect(attach_, &AttachController::ended, this, [this](const QString& text, bool failed) {
        if (runs_->isRunning()) return; // detached for a run: the run owns the view now
        live_->finish();
        if (failed) showProblem(text);
        else showStatus(text);
        resumeLiveView();
    });
}

void MainWindow::buildLayout() {
    panel_ = new KnobPanel;
    auto* panelScroll = new QScrollArea;
    panelScroll->setWidget(panel_);
    panelScroll->setWidgetResizable(true);
    panelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    panelScroll->setMinimumWidth(panel_->minimumSizeHint().width() + 20);

    banner_ = new ErrorBanner;
    presetBanner_ = new PresetBanner;
    presets_ = new PresetsController(panel_, presetBanner_, this);

    chartTabs_ = new QTabWidget;
    chartTabs_->setObjectName(QStringLiteral("chartTabs"));
    chartTabs_->addTab(live_->loadChart(), tr("Load"));
    chartTabs_->addTab(results_->phaseChart(), tr("Wall time"));
    chartTabs_->addTab(results_->speedupChart(), tr("Speedup"));
    chartTabs_->addTab(results_->timelineChart(), tr("Timeline"));
    chartTabs_->addTab(results_->heatMap(), tr("Heat map"));
    exports_ = new ExportActions(
        {this, chartTabs_, results_->heatMap(), store_, &live_->history(), [this] { return panelExperiment(); }}, this);
    std::vector<ChartPanel*> charts = results_->charts();
    charts.push_back(live_->loadChart());
    for (ChartPanel* chart : charts)
        connect(chart, &ChartPanel::exportRequested, exports_, &ExportActions::askExportChart);

    auto* centre = new QWidget;
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(2);
    centreSplitter_ = new QSplitter(Qt::Horizontal);
    centreSplitter_->setObjectName(QStringLiteral("centreSplitter"));
    centreSplitter_->addWidget(live_->coreViewPanel());
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

    mainSplitter_ = new QSplitter(Qt::Vertical);
    mainSplitter_->addWidget(topSplitter_);
    mainSplitter_->addWidget(results_->tables());
    mainSplitter_->setStretchFactor(0, 3);
    mainSplitter_->setStretchFactor(1, 1);
    setCentralWidget(mainSplitter_);
    resize(1280, 800);
    mainSplitter_->setSizes({560, 200});
    centreSplitter_->setSizes({500, 500});
}

void MainWindow::buildStatusBar() {
    statusText_ = new QLabel;
    statusText_->setObjectName(QStringLiteral("statusText"));
    statusBar()->addWidget(statusText_, 1);
    statusBar()->addPermanentWidget(live_->gauge());
    statusBar()->addPermanentWidget(runs_->progressBar());
    statusBar()->addPermanentWidget(runs_->elapsedLabel());
}

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
    runs_->cancel();
    machine_->stopWatching();
    QMainWindow::closeEvent(event);
}

Experiment MainWindow::panelExperiment() const {
    return panel_->isSweepValid() ? panel_->sweepExperiment() : panel_->experiment();
}

bool MainWindow::startRun() {
    updateActions();
    const bool started = runs_->startRun(panel_->experiment());
    updateActions();
    return started;
}

bool MainWindow::openReplay(const QString& path, int run) {
    auto* replay = new ReplayWindow;
    replay->setAttribute(Qt::WA_DeleteOnClose);
    QString error;
    if (!replay->open(path, &error)) {
        delete replay;
        showProblem(tr("Cannot replay: %1").arg(error));
        return false;
    }
    replay->resize(size());
    replay->show();
    if (run < 0 || !replay->playRun(run)) replay->player()->play();
    return true;
}

bool MainWindow::openCompare(const QString& path, int run, QString otherPath, int otherRun) {
    if (otherPath.isEmpty()) {
        otherPath =
            QFileDialog::getOpenFileName(this, tr("Compare with a recording"), recordingsDirectory(journalDirectory()),
                                         tr("Event streams (*.jsonl);;All files (*)"));
        if (otherPath.isEmpty()) return false;
    }
    auto* compare = new CompareWindow;
    compare->setAttribute(Qt::WA_DeleteOnClose);
    QString error;
    if (!compare->open({path, run}, {otherPath, otherRun}, &error)) {
        delete compare;
        showProblem(tr("Cannot compare: %1").arg(error));
        return false;
    }
    compare->resize(size());
    compare->show();
    compare->play();
    return true;
}

bool MainWindow::applyFix(const std::vector<KnobChangeText>& changes) {
    if (runs_->isRunning() || isWhatIf() || changes.empty()) return false;
    const int selected = results_->selectedRun();
    const bool fromRun = selected >= 0 && selected < static_cast<int>(store_->runs().size());
    Experiment experiment = fromRun ? store_->runs()[selected].record.experiment : panel_->experiment();
    experiment.sweep = {};
    if (experiment.calibration) experiment.tasks = 0; // calibrated again, as the run was
    try {
        for (const auto& [knob, value] : changes) setKnob(experiment, knob.toStdString(), value.toStdString());
        validateSinglePoint(experiment);
    } catch (const InputError& error) {
        showProblem(tr("The proposed change cannot be applied: %1").arg(QString::fromUtf8(error.what())));
        return false;
    }
    panel_->setExperiment(experiment);
    showStatus(fromRun ? tr("Applied %1 to run #%2's experiment").arg(describeChanges(changes)).arg(selected + 1)
                       : tr("Applied %1").arg(describeChanges(changes)));
    return startRun();
}

bool MainWindow::startSweep() {
    updateActions();
    // An unchanged preset runs by name, so the engine checks its claims.
    const bool started = presets_->panelHoldsPreset()
                             ? runs_->startPreset(presets_->current(), presets_->presetExperiment())
                             : runs_->startSweep(panel_->sweepExperiment());
    updateActions();
    return started;
}

bool MainWindow::loadPreset(const QString& name) { return !runs_->isRunning() && presets_->load(name); }

void MainWindow::onRunsFinished(bool ok) {
    updateActions();
    resumeLiveView();
    emit runFinished(ok);
    if (automationPending_ && (options_.run || options_.sweep)) finishAutomation(ok);
}

void MainWindow::warnAboutNarrowedAffinity(const std::vector<events::Finding>& findings) {
    // The finding already names the PUs reachable and the fix; a sweep
    // repeats it per run, the banner says it once.
    for (const auto& finding : findings)
        if (finding.id == analysis::kAffinityNarrowed)
            banner_->addMessage(tr("Affinity narrowed: %1").arg(QString::fromStdString(analysis::windowText(finding))));
}

void MainWindow::updateActions() {
    const bool running = runs_->isRunning();
    QString whyNoRun, whyNoSweep;
    if (isWhatIf()) {
        whyNoRun = whyNoSweep = tr("a what-if machine only previews placement");
    } else {
        if (!panel_->isValid()) whyNoRun = tr("fix first: %1").arg(panel_->problem());
        if (!panel_->isSweepValid()) whyNoSweep = tr("fix first: %1").arg(panel_->sweepProblem());
    }
    runs_->setStartable(whyNoRun, whyNoSweep);
    attach_->setAttachAllowed(!running && !isWhatIf());
    presets_->setRunning(running);
    panel_->setEnabled(!running);
    results_->setApplyFixAllowed(!running && !isWhatIf());
    if (!running && !panel_->isValid() && !isWhatIf()) showStatus(tr("Run is disabled: %1").arg(panel_->problem()));
}

void MainWindow::onTopology(const TopologyInfo& info) {
    auto count = [](int n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    // A remote engine's topology calls its machine "this machine": name the host instead.
    const QString source =
        remoteEngine() ? tr("%1 (over ssh)").arg(remoteEngine()->describe()) : QString::fromStdString(info.source);
    const QString description = QStringLiteral("%1: %2, %3, %4")
                                    .arg(source, count(info.packages, "package", "packages"),
                                         count(info.cores, "core", "cores"), count(info.puCount(), "PU", "PUs"));
    live_->setMachine(info, isWhatIf(), description.toStdString());
    // Narrowed before any run: said now, not found after a slow run. The
    // launcher is the window's parent (the engine's parent is the window).
    // (Not for a remote engine: this window's launcher is not on that machine.)
    if (const auto narrowed =
            remoteEngine() ? std::nullopt : analysis::launchAffinityNarrowed(info, static_cast<int>(::getppid())))
        banner_->addMessage(tr("At launch: %1").arg(QString::fromStdString(narrowed->text)));
    results_->setAllowedPus(info.allowed.count());
    if (!runs_->isRunning()) showStatus(description);
    if (isWhatIf()) requestPlacementPreview();
    else resumeLiveView();
    emit topologyShown();
}

void MainWindow::requestPlacementPreview() {
    if (!isWhatIf() || !panel_->isValid()) return;
    const Experiment e = panel_->experiment();
    machine_->requestPlacement(e.workers, e.threads, QString::fromStdString(getKnob(e, "affinity")),
                               QString::fromStdString(e.cpus), options_.synthetic);
}

void MainWindow::onPlacement(const PlacementPreview& preview) {
    // Hollow markers show where each worker would be allowed to run; nothing
    // is greyed, since a what-if machine has no run cpuset of its own.
    live_->coreView()->setPlacementPreview(preview.pusPerWorker);
    showStatus(tr("What-if %1: %2 workers placed, workers x threads / PUs = %3 (preview, nothing runs)")
                   .arg(options_.synthetic)
                   .arg(preview.pusPerWorker.size())
                   .arg(preview.oversubscription, 0, 'g', 3));
}

void MainWindow::updateTitle() {
    setWindowTitle(isWhatIf()       ? tr("Oversub: what-if %1").arg(options_.synthetic)
                   : remoteEngine() ? tr("Oversub: %1 (remote engine)").arg(remoteEngine()->describe())
                                    : tr("Oversub"));
}

bool MainWindow::useMachine(std::optional<RemoteEngine> remote) {
    if (isWhatIf() || runs_->isRunning() || attach_->isAttached()) return false;
    machine_->stopWatching(); // the old machine's samples stop before the new one is asked for
    setRemoteEngine(std::move(remote));
    updateTitle();
    banner_->clear();
    showStatus(remoteEngine() ? tr("Connecting to %1...").arg(remoteEngine()->describe())
                              : tr("Back to this machine..."));
    machine_->loadTopology(); // onTopology draws it and resumes the live view
    return true;
}

void MainWindow::resumeLiveView() {
    if (isWhatIf() || runs_->isRunning() || attach_->isAttached()) return;
    machine_->startWatching(panel_->isValid() ? panel_->experiment().rateHz : 10);
}

void MainWindow::showStatus(const QString& text) { statusText_->setText(text); }

void MainWindow::showProblem(const QString& message) {
    banner_->showMessage(message);
    showStatus(message);
}

} // namespace oversub::ui
