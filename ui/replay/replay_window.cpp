#include "replay/replay_window.h"

#include "charts/load_chart.h"
#include "charts/phase_chart.h"
#include "charts/timeline_chart.h"
#include "error_banner.h"
#include "gauge_label.h"
#include "live_view.h"
#include "models/run_store.h"
#include "replay/replay_export.h"
#include "replay/replay_player.h"
#include "replay/replay_scrubber.h"
#include "results_view.h"
#include "run_controller.h"
#include "topology/topology_info.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <fstream>

namespace oversub::ui {
namespace {

constexpr double kSpeeds[] = {0.1, 0.25, 0.5, 1, 2, 5, 10};

int intOr(const nlohmann::json& j, const char* key, int fallback) {
    return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : fallback;
}

} // namespace

ReplayWindow::ReplayWindow(QWidget* parent)
    : QMainWindow(parent), store_(new RunStore(this)), live_(new LiveView(this)),
      results_(new ResultsView(store_, this)), player_(new ReplayPlayer(this)) {
    setObjectName(QStringLiteral("replayWindow"));
    live_->setClock([this] { return player_->clock(); });

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    banner_ = new ErrorBanner;
    layout->addWidget(banner_);
    chartTabs_ = new QTabWidget;
    chartTabs_->setObjectName(QStringLiteral("replayCharts"));
    chartTabs_->addTab(live_->loadChart(), tr("Load"));
    chartTabs_->addTab(results_->timelineChart(), tr("Timeline"));
    chartTabs_->addTab(results_->phaseChart(), tr("Wall time"));
    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(live_->coreViewPanel());
    top->addWidget(chartTabs_);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(top);
    vertical->addWidget(results_->tables());
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    layout->addWidget(vertical, 1);
    auto* bar = new QWidget;
    buildControls(bar);
    layout->addWidget(bar);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(live_->gauge());
    results_->setApplyFixAllowed(false); // a recording's fixes go to the main window's panel, not here

    buildMenu();
    connect(player_, &ReplayPlayer::reset, this, &ReplayWindow::forgetShown);
    connect(player_, &ReplayPlayer::event, this, &ReplayWindow::deliver);
    connect(player_, &ReplayPlayer::positionChanged, this, &ReplayWindow::showPosition);
    connect(player_, &ReplayPlayer::playingChanged, this,
            [this](bool playing) { playButton_->setText(playing ? tr("Pause") : tr("Play")); });
    connect(scrubber_, &ReplayScrubber::seekRequested, player_, &ReplayPlayer::seek);
}

ReplayWindow::~ReplayWindow() = default;

void ReplayWindow::buildMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Export this &frame as PNG..."), QKeySequence(QStringLiteral("Ctrl+E")), this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export this frame"), QString(), tr("PNG images (*.png)"));
        if (path.isEmpty()) return;
        try {
            exportCurrentFrame(*this, path);
            statusBar()->showMessage(tr("Frame saved: %1").arg(path), 5000);
        } catch (const std::exception& e) {
            banner_->addMessage(tr("The frame could not be saved: %1").arg(QString::fromUtf8(e.what())));
        }
    });
    file->addAction(tr("Export &all frames as PNG files..."), this, [this] {
        const QString directory = QFileDialog::getExistingDirectory(this, tr("Folder for the frames"));
        if (directory.isEmpty()) return;
        bool ok = false;
        const double rate =
            QInputDialog::getDouble(this, tr("Frames per second"), tr("Frames per second of recording time:"), 10, 0.1,
                                    kMaxFramesPerSecond, 1, &ok);
        if (!ok) return;
        try {
            const int frames = exportFrames(*this, directory, rate);
            statusBar()->showMessage(tr("%1 frames saved in %2").arg(frames).arg(directory), 5000);
        } catch (const std::exception& e) {
            banner_->addMessage(tr("The frames could not be saved: %1").arg(QString::fromUtf8(e.what())));
        }
    });
    file->addSeparator();
    file->addAction(tr("&Close"), QKeySequence::Close, this, &QWidget::close);
}

void ReplayWindow::buildControls(QWidget* bar) {
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    auto button = [&](const QString& text, const QString& tip, const char* name) {
        auto* b = new QToolButton;
        b->setText(text);
        b->setToolTip(tip);
        b->setObjectName(QLatin1String(name));
        row->addWidget(b);
        return b;
    };
    QToolButton* back = button(tr("< Sample"), tr("One sample back (Left)"), "replayStepBack");
    playButton_ = button(tr("Play"), tr("Play or pause (Space)"), "replayPlay");
    QToolButton* forward = button(tr("Sample >"), tr("One sample forward (Right)"), "replayStepForward");
    speed_ = new QComboBox;
    speed_->setObjectName(QStringLiteral("replaySpeed"));
    speed_->setToolTip(tr("Replay speed (+ and - change it)"));
    for (double s : kSpeeds) speed_->addItem(QStringLiteral("%1x").arg(s), s);
    speed_->setCurrentIndex(3); // 1x
    row->addWidget(speed_);
    scrubber_ = new ReplayScrubber;
    row->addWidget(scrubber_, 1);
    time_ = new QLabel;
    time_->setObjectName(QStringLiteral("replayTime"));
    row->addWidget(time_);

    connect(back, &QToolButton::clicked, player_, &ReplayPlayer::stepBack);
    connect(forward, &QToolButton::clicked, player_, &ReplayPlayer::stepForward);
    connect(playButton_, &QToolButton::clicked, player_, &ReplayPlayer::togglePlay);
    connect(speed_, &QComboBox::currentIndexChanged, this,
            [this](int index) { player_->setSpeed(speed_->itemData(index).toDouble()); });
    auto key = [this](const QKeySequence& sequence, auto slot) {
        auto* shortcut = new QShortcut(sequence, this);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    key(QKeySequence(Qt::Key_Space), [this] { player_->togglePlay(); });
    key(QKeySequence(Qt::Key_Right), [this] { player_->stepForward(); });
    key(QKeySequence(Qt::Key_Left), [this] { player_->stepBack(); });
    key(QKeySequence(Qt::Key_Home), [this] { player_->seek(0); });
    key(QKeySequence(Qt::Key_End), [this] { player_->seek(player_->duration()); });
    key(QKeySequence(Qt::Key_Plus),
        [this] { speed_->setCurrentIndex(std::min(speed_->currentIndex() + 1, speed_->count() - 1)); });
    key(QKeySequence(Qt::Key_Minus), [this] { speed_->setCurrentIndex(std::max(speed_->currentIndex() - 1, 0)); });
}

bool ReplayWindow::open(const QString& path, QString* error) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    if (!in) {
        if (error) *error = tr("%1: cannot be opened").arg(path);
        return false;
    }
    ReplayTimeline timeline;
    try {
        timeline = readReplayTimeline(in);
    } catch (const std::exception& e) {
        if (error) *error = tr("%1: %2").arg(path, QString::fromUtf8(e.what()));
        return false;
    }
    QStringList notes;
    for (const auto& note : timeline.notes) notes << QString::fromStdString(note);
    notes_ = notes.join(QLatin1Char('\n'));
    setWindowTitle(tr("Oversub replay: %1").arg(QFileInfo(path).fileName()));
    machineShown_ = false;
    // The load chart spans the whole recording (a round number of seconds).
    double window = LoadChart::kWindowSeconds;
    for (double candidate : {5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0}) {
        window = candidate;
        if (candidate >= timeline.durationSeconds) break;
    }
    live_->loadChart()->setWindowSeconds(window);
    scrubber_->setTimeline(timeline);
    player_->setTimeline(std::move(timeline));
    return true;
}

QString ReplayWindow::notes() const { return notes_; }

bool ReplayWindow::playRun(int run) {
    const auto& runs = player_->timeline().runs;
    const auto it = std::find_if(runs.begin(), runs.end(), [run](const ReplayRun& r) { return r.run == run; });
    if (it == runs.end()) return false;
    player_->seek(it->startSeconds);
    player_->play();
    return true;
}

void ReplayWindow::forgetShown() {
    finished_ = false;
    store_->clear();
    store_->beginInvocation();
    results_->clear();
    live_->reset();
    banner_->clear();
    if (!notes_.isEmpty()) banner_->showMessage(notes_);
}

void ReplayWindow::showMachineFrom(const nlohmann::json& machine) {
    if (machineShown_ || !machine.is_object()) return;
    const nlohmann::json counts = machine.contains("topology") ? machine["topology"] : nlohmann::json();
    const int pus = std::max(1, intOr(counts, "pus", intOr(machine, "logical_cpus", 1)));
    const int packages = std::clamp(intOr(counts, "packages", 1), 1, pus);
    int cores = std::clamp(intOr(counts, "cores", pus), packages, pus);
    // A regular machine of those counts (what the record keeps): cores per
    // package and PUs per core rounded to fit.
    const int coresPerPackage = std::max(1, cores / packages);
    const int pusPerCore = std::max(1, pus / (coresPerPackage * packages));
    const auto info = topology::uniformTopologyInfo(packages, 1, coresPerPackage, pusPerCore);
    const std::string host = machine.contains("hostname") && machine["hostname"].is_string()
                                 ? machine["hostname"].get<std::string>()
                                 : std::string("the recorded machine");
    live_->setMachine(info, false, "recorded on " + host);
    machineShown_ = true;
}

void ReplayWindow::deliver(const TimedEvent& timed) {
    const auto& event = timed.event;
    if (const auto* e = std::get_if<events::Sample>(&event)) {
        if (e->run >= 0) live_->showRunSample(*e);
        else live_->showAttachSample(*e);
        return;
    }
    if (const auto* e = std::get_if<events::SweepStarted>(&event)) showMachineFrom(e->machine);
    if (const auto* e = std::get_if<events::RunStarted>(&event)) {
        showMachineFrom(e->machine);
        live_->startRun(isCommandExperiment(e->experiment));
        results_->startLiveWorkers();
    }
    if (std::holds_alternative<events::WatchDone>(event)) {
        results_->showLiveFindings(std::get<events::WatchDone>(event).findings);
        return;
    }
    const size_t before = store_->runs().size();
    store_->add(event);
    if (const auto* ready = std::get_if<events::WorkerReady>(&event)) {
        live_->showWorkerReady(*ready);
        results_->addLiveWorker(*ready);
    } else if (std::holds_alternative<events::RunDone>(event) && store_->runs().size() > before) {
        const int index = static_cast<int>(store_->runs().size()) - 1;
        live_->showRunDone(store_->runs()[static_cast<size_t>(index)].record.done);
        results_->selectRun(index);
    } else if (const auto* error = std::get_if<events::Error>(&event)) {
        banner_->addMessage(describeWorkerError(*error));
    } else if (const auto* done = std::get_if<events::SweepDone>(&event)) {
        results_->showSweepSummary(done->summary);
    }
}

void ReplayWindow::showPosition(double seconds) {
    scrubber_->setPosition(seconds);
    // The chart follows the position even while no sample arrives (paused, seeking).
    live_->loadChart()->refresh(live_->history(), seconds);
    if (!player_->isPlaying()) live_->loadChart()->redrawNow();
    time_->setText(tr("%1 / %2 s").arg(seconds, 0, 'f', 2).arg(player_->duration(), 0, 'f', 2));
    finishIfAtEnd();
}

void ReplayWindow::finishIfAtEnd() {
    // At the end the views show what a finished run shows: the last run's mean per PU.
    if (finished_ || player_->position() < player_->duration()) return;
    finished_ = true;
    live_->finish();
}

} // namespace oversub::ui
