#include "replay/replay_window.h"

#include "charts/load_chart.h"
#include "charts/phase_chart.h"
#include "charts/timeline_chart.h"
#include "error_banner.h"
#include "gauge_label.h"
#include "live_view.h"
#include "replay/replay_export.h"
#include "replay/replay_player.h"
#include "replay/replay_scrubber.h"
#include "replay/replay_view.h"
#include "results_view.h"

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

namespace oversub::ui {

ReplayWindow::ReplayWindow(QWidget* parent)
    : QMainWindow(parent), view_(new ReplayView(this)), player_(view_->player()) {
    setObjectName(QStringLiteral("replayWindow"));
    LiveView* live = view_->liveView();
    ResultsView* results = view_->results();

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    banner_ = new ErrorBanner;
    layout->addWidget(banner_);
    chartTabs_ = new QTabWidget;
    chartTabs_->setObjectName(QStringLiteral("replayCharts"));
    chartTabs_->addTab(live->loadChart(), tr("Load"));
    chartTabs_->addTab(results->timelineChart(), tr("Timeline"));
    chartTabs_->addTab(results->phaseChart(), tr("Wall time"));
    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(live->coreViewPanel());
    top->addWidget(chartTabs_);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(top);
    vertical->addWidget(results->tables());
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 2);
    layout->addWidget(vertical, 1);
    auto* bar = new QWidget;
    buildControls(bar);
    layout->addWidget(bar);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(live->gauge());

    buildMenu();
    connect(view_, &ReplayView::cleared, this, [this] {
        banner_->clear();
        if (!notes().isEmpty()) banner_->showMessage(notes());
    });
    connect(view_, &ReplayView::errorReported, banner_, &ErrorBanner::addMessage);
    connect(player_, &ReplayPlayer::positionChanged, this, &ReplayWindow::showPosition);
    connect(player_, &ReplayPlayer::playingChanged, this,
            [this](bool playing) { playButton_->setText(playing ? tr("Pause") : tr("Play")); });
    connect(scrubber_, &ReplayScrubber::seekRequested, player_, &ReplayPlayer::seek);
}

ReplayWindow::~ReplayWindow() = default;

ReplayPlayer* ReplayWindow::player() const { return player_; }
LiveView* ReplayWindow::liveView() const { return view_->liveView(); }
ResultsView* ReplayWindow::results() const { return view_->results(); }

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
    for (double s : ReplayPlayer::kSpeeds) speed_->addItem(QStringLiteral("%1x").arg(s), s);
    speed_->setCurrentIndex(ReplayPlayer::kDefaultSpeedIndex);
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
    if (!view_->open(path, error)) return false;
    setWindowTitle(tr("Oversub replay: %1").arg(QFileInfo(path).fileName()));
    scrubber_->setTimeline(player_->timeline());
    return true;
}

QString ReplayWindow::notes() const { return view_->notes(); }

bool ReplayWindow::playRun(int run) {
    const auto& runs = player_->timeline().runs;
    const auto it = std::find_if(runs.begin(), runs.end(), [run](const ReplayRun& r) { return r.run == run; });
    if (it == runs.end()) return false;
    player_->seek(it->startSeconds);
    player_->play();
    return true;
}

void ReplayWindow::showPosition(double seconds) {
    scrubber_->setPosition(seconds);
    time_->setText(tr("%1 / %2 s").arg(seconds, 0, 'f', 2).arg(player_->duration(), 0, 'f', 2));
}

} // namespace oversub::ui
