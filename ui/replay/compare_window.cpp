#include "replay/compare_window.h"

#include "charts/load_chart.h"
#include "charts/phase_chart.h"
#include "error_banner.h"
#include "gauge_label.h"
#include "live_view.h"
#include "replay/replay_player.h"
#include "replay/replay_view.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QShortcut>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace oversub::ui {
namespace {

constexpr int kSliderStepsPerSecond = 100;
constexpr int kMaxColumnWidth = 420; // pixels
QString sideName(int side) { return side == 0 ? QStringLiteral("A") : QStringLiteral("B"); }

// The run a side compares: the one asked for, else the first measured run.
const ReplayRun* chooseRun(const ReplayTimeline& timeline, int run) {
    const auto& runs = timeline.runs;
    auto it = run >= 0 ? std::find_if(runs.begin(), runs.end(), [run](const ReplayRun& r) { return r.run == run; })
                       : std::find_if(runs.begin(), runs.end(), [](const ReplayRun& r) { return !r.warmup && r.done; });
    if (it == runs.end() && run < 0)
        it = std::find_if(runs.begin(), runs.end(), [](const ReplayRun& r) { return !r.warmup; });
    if (it == runs.end() && run < 0 && !runs.empty()) it = runs.begin();
    return it == runs.end() ? nullptr : &*it;
}

QString knobsOf(const Experiment& e) {
    if (!e.command.empty())
        return QObject::tr("command %1, %2 threads, affinity %3")
            .arg(QString::fromStdString(e.command))
            .arg(e.threads)
            .arg(QString::fromStdString(getKnob(e, "affinity")));
    return QObject::tr("%1 %2, %3 workers x %4 threads, affinity %5, delivery %6")
        .arg(QString::fromStdString(getKnob(e, "workload")))
        .arg(e.size)
        .arg(e.workers)
        .arg(e.threads)
        .arg(QString::fromStdString(getKnob(e, "affinity")), QString::fromStdString(getKnob(e, "delivery")));
}

QString sectionName(const ComparedValue& v) {
    if (v.section == kComparisonRunSection) return QObject::tr("run");
    if (v.section == kComparisonKnobsSection) return QObject::tr("knob");
    return QString::fromStdString(v.section);
}

QString valueText(const std::optional<nlohmann::json>& value) {
    return value ? QString::fromStdString(describeValue(*value)) : QObject::tr("(absent)");
}

} // namespace

CompareWindow::CompareWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("compareWindow"));
    setWindowTitle(tr("Oversub: compare two runs"));
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    banner_ = new ErrorBanner;
    layout->addWidget(banner_);

    auto* sides = new QSplitter(Qt::Horizontal);
    for (int side = 0; side < kSides; ++side) {
        auto* view = new ReplayView(this);
        view->setRedrawThrottled(true);
        views_[static_cast<size_t>(side)] = view;
        connect(view, &ReplayView::errorReported, this, [this, side](const QString& message) {
            banner_->addMessage(tr("%1: %2").arg(sideName(side), message));
        });
        LiveView* live = view->liveView();
        auto* column = new QWidget;
        auto* columnLayout = new QVBoxLayout(column);
        columnLayout->setContentsMargins(0, 0, 0, 0);
        auto* title = new QLabel;
        title->setObjectName(QStringLiteral("compareTitle%1").arg(sideName(side)));
        title->setWordWrap(true);
        title->setTextFormat(Qt::PlainText);
        titles_[static_cast<size_t>(side)] = title;
        // The title and the gauge on lines of their own: side by side the gauge's sentence squeezed the title.
        columnLayout->addWidget(title);
        columnLayout->addWidget(live->gauge());
        auto* stack = new QSplitter(Qt::Vertical);
        stack->addWidget(live->coreViewPanel());
        stack->addWidget(live->loadChart());
        // The chart gets more to start with: the core view's own size hint would leave it a strip.
        stack->setSizes({2, 3});
        columnLayout->addWidget(stack, 1);
        sides->addWidget(column);
    }

    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("compareTabs"));
    table_ = new QTableWidget(0, 6);
    table_->setObjectName(QStringLiteral("compareDifferences"));
    table_->setHorizontalHeaderLabels(
        {tr("Finding or figure"), tr("Value"), tr("A"), tr("B"), tr("B - A"), tr("B / A")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // A long evidence value (a fix's command line) is elided; its tooltip has it whole.
    table_->horizontalHeader()->setMaximumSectionSize(kMaxColumnWidth);
    table_->setTextElideMode(Qt::ElideMiddle);
    tabs_->addTab(table_, tr("Differences"));
    phaseChart_ = new PhaseChart;
    phaseChart_->setAxisTitles(tr("the two runs compared"), tr("the two runs compared"));
    tabs_->addTab(phaseChart_, tr("Wall time by phase"));

    auto* vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(sides);
    vertical->addWidget(tabs_);
    // Enough below for the wall time chart's two rows of labels at 1080 lines.
    vertical->setSizes({11, 9});
    layout->addWidget(vertical, 1);
    auto* bar = new QWidget;
    buildControls(bar);
    layout->addWidget(bar);
    setCentralWidget(central);

    timer_.setInterval(ReplayPlayer::kTickMs);
    connect(&timer_, &QTimer::timeout, this, &CompareWindow::advance);
}

CompareWindow::~CompareWindow() = default;

void CompareWindow::buildControls(QWidget* bar) {
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    playButton_ = new QToolButton;
    playButton_->setObjectName(QStringLiteral("comparePlay"));
    playButton_->setText(tr("Play"));
    playButton_->setToolTip(tr("Play or pause both runs (Space)"));
    row->addWidget(playButton_);
    speed_ = new QComboBox;
    speed_->setObjectName(QStringLiteral("compareSpeed"));
    speed_->setToolTip(tr("Replay speed (+ and - change it)"));
    for (double s : ReplayPlayer::kSpeeds) speed_->addItem(QStringLiteral("%1x").arg(s), s);
    speed_->setCurrentIndex(ReplayPlayer::kDefaultSpeedIndex);
    row->addWidget(speed_);
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setObjectName(QStringLiteral("compareSlider"));
    slider_->setToolTip(tr("Seconds since both runs started"));
    row->addWidget(slider_, 1);
    time_ = new QLabel;
    time_->setObjectName(QStringLiteral("compareTime"));
    row->addWidget(time_);

    connect(playButton_, &QToolButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(speed_, &QComboBox::currentIndexChanged, this,
            [this](int index) { setSpeed(speed_->itemData(index).toDouble()); });
    // Dragging, a click beside the handle, the keys: every user move is an action.
    connect(slider_, &QSlider::actionTriggered, this,
            [this] { seek(static_cast<double>(slider_->sliderPosition()) / kSliderStepsPerSecond); });
    auto key = [this](const QKeySequence& sequence, auto slot) {
        auto* shortcut = new QShortcut(sequence, this);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    key(QKeySequence(Qt::Key_Space), [this] { isPlaying() ? pause() : play(); });
    key(QKeySequence(Qt::Key_Home), [this] { seek(0); });
    key(QKeySequence(Qt::Key_End), [this] { seek(duration_); });
    key(QKeySequence(Qt::Key_Plus),
        [this] { speed_->setCurrentIndex(std::min(speed_->currentIndex() + 1, speed_->count() - 1)); });
    key(QKeySequence(Qt::Key_Minus), [this] { speed_->setCurrentIndex(std::max(speed_->currentIndex() - 1, 0)); });
}

bool CompareWindow::open(const Recording& a, const Recording& b, QString* error) {
    pause();
    banner_->clear();
    if (!openSide(0, a, error) || !openSide(1, b, error)) return false;
    duration_ = std::max(ends_[0] - starts_[0], ends_[1] - starts_[1]);
    QStringList notes;
    for (int side = 0; side < kSides; ++side) {
        ReplayView* view = views_[static_cast<size_t>(side)];
        view->fitLoadChartTo(duration_); // one span, so one second sits at the same place in both
        if (!view->notes().isEmpty()) notes << tr("%1: %2").arg(sideName(side), view->notes());
    }
    if (!notes.isEmpty()) banner_->showMessage(notes.join(QLatin1Char('\n')));
    setWindowTitle(tr("Oversub compare: %1 | %2").arg(QFileInfo(a.path).fileName(), QFileInfo(b.path).fileName()));
    slider_->setRange(0, static_cast<int>(std::ceil(duration_ * kSliderStepsPerSecond)));
    fillDifferences();
    seek(0);
    return true;
}

bool CompareWindow::openSide(int side, const Recording& recording, QString* error) {
    const auto s = static_cast<size_t>(side);
    ReplayView* view = views_[s];
    QString why;
    if (!view->open(recording.path, &why)) {
        if (error) *error = tr("%1: %2").arg(sideName(side), why);
        return false;
    }
    const ReplayTimeline& timeline = view->player()->timeline();
    const ReplayRun* run = chooseRun(timeline, recording.run);
    if (!run) {
        if (error)
            *error = recording.run >= 0
                         ? tr("%1: %2 has no run %3").arg(sideName(side), recording.path).arg(recording.run)
                         : tr("%1: %2 holds no run").arg(sideName(side), recording.path);
        return false;
    }
    starts_[s] = run->startSeconds;
    ends_[s] = std::max(run->startSeconds, run->endSeconds);
    // The run's record as the whole recording has it (its findings come with run_done).
    RunStore whole;
    whole.beginInvocation();
    for (const auto& timed : timeline.events) whole.add(timed.event);
    const auto& stored = whole.runs();
    const auto it =
        std::find_if(stored.begin(), stored.end(), [&](const StoredRun& r) { return r.record.run == run->run; });
    const bool finished = it != stored.end();
    runs_[s] = finished ? *it : StoredRun{};
    runs_[s].record.run = run->run;
    runs_[s].invocation = side;
    const QString label =
        run->label.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(run->label));
    runs_[s].record.label = QStringLiteral("%1: run %2%3").arg(sideName(side)).arg(run->run).arg(label).toStdString();
    const QString wall = finished ? tr("%1 s wall").arg(runs_[s].record.done.wallSeconds, 0, 'f', 2)
                                  : tr("the recording ends before the run does");
    titles_[s]->setText(tr("%1: %2, run %3%4: %5\n%6")
                            .arg(sideName(side), QFileInfo(recording.path).fileName())
                            .arg(run->run)
                            .arg(label, wall, finished ? knobsOf(runs_[s].record.experiment) : QString()));
    return true;
}

void CompareWindow::fillDifferences() {
    const std::vector<ComparedValue> differences = compareRuns(runs_[0].record, runs_[1].record);
    table_->setRowCount(static_cast<int>(differences.size()));
    int row = 0;
    for (const ComparedValue& v : differences) {
        const bool findingRow = v.name.empty();
        const QString cells[] = {
            sectionName(v),
            findingRow ? tr("severity") : QString::fromStdString(v.name),
            valueText(v.a),
            valueText(v.b),
            v.difference ? QString::fromStdString(describeValue(*v.difference)) : QString(),
            v.ratio ? QStringLiteral("%1x").arg(QString::fromStdString(describeValue(*v.ratio))) : QString(),
        };
        for (int column = 0; column < 6; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(cells[column]);
            if (findingRow || (!v.same() && column >= 2)) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            if (column >= 2) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(row, column, item);
        }
        ++row;
    }
    phaseChart_->setRuns({runs_[0], runs_[1]}, -1);
}

void CompareWindow::seek(double seconds) {
    position_ = std::clamp(seconds, 0.0, duration_);
    for (size_t s = 0; s < views_.size(); ++s) views_[s]->player()->seek(std::min(starts_[s] + position_, ends_[s]));
    if (!isPlaying())
        for (ReplayView* view : views_) view->liveView()->loadChart()->redrawNow();
    showPosition();
}

void CompareWindow::play() {
    if (position_ >= duration_) seek(0);
    sinceTick_.start();
    timer_.start();
    playButton_->setText(tr("Pause"));
}

void CompareWindow::pause() {
    timer_.stop();
    playButton_->setText(tr("Play"));
    for (ReplayView* view : views_) view->liveView()->loadChart()->redrawNow();
}

void CompareWindow::setSpeed(double speed) {
    speedFactor_ = std::clamp(speed, ReplayPlayer::kMinSpeed, ReplayPlayer::kMaxSpeed);
}

void CompareWindow::advance() {
    const double step = sinceTick_.restart() / 1000.0 * speedFactor_;
    seek(position_ + step);
    if (position_ >= duration_) pause();
}

void CompareWindow::showPosition() {
    if (!slider_->isSliderDown()) slider_->setValue(static_cast<int>(std::lround(position_ * kSliderStepsPerSecond)));
    time_->setText(tr("%1 / %2 s since both runs started").arg(position_, 0, 'f', 2).arg(duration_, 0, 'f', 2));
}

} // namespace oversub::ui
