#include "live_view.h"

#include "analysis/phase_spans.h"
#include "charts/load_chart.h"
#include "coreview/core_view.h"
#include "coreview/machine_shape_from_topology.h"
#include "gauge_label.h"
#include "topology/cpu_list.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace oversub::ui {

LiveView::LiveView(QObject* parent)
    : QObject(parent), coreViewPanel_(new QWidget), caption_(new QLabel), nowButton_(new QToolButton),
      coreView_(new CoreView), loadChart_(new LoadChart), gauge_(new GaugeLabel) {
    coreView_->setObjectName(QStringLiteral("coreView"));
    caption_->setObjectName(QStringLiteral("coreViewCaption"));
    caption_->setWordWrap(true);
    nowButton_->setObjectName(QStringLiteral("coreViewNow"));
    nowButton_->setText(tr("Now"));
    nowButton_->setCheckable(true);
    nowButton_->setToolTip(tr("Show the machine as it is now instead of the last run's mean per PU"));
    nowButton_->setVisible(false);
    connect(nowButton_, &QToolButton::toggled, this, &LiveView::setShowNow);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(4, 2, 4, 0);
    header->addWidget(caption_, 1);
    header->addWidget(nowButton_);
    auto* layout = new QVBoxLayout(coreViewPanel_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(coreView_, 1);
    setCaption(tr("Now"), false);
    elapsed_.start();
    chartTimer_.setInterval(1000);
    connect(&chartTimer_, &QTimer::timeout, this, [this] { loadChart_->refresh(history_, now()); });
    chartTimer_.start();
}

void LiveView::setClock(std::function<double()> clock) { clock_ = std::move(clock); }

void LiveView::reset() {
    live_ = false;
    history_.clear();
    loadChart_->clear();
    coreView_->clearThreads();
    coreView_->setAllowedPus({});
    runAllowedPus_.clear();
    lastRun_ = -1;
    lastRunMean_ = {};
    showingMean_ = false;
    setCaption(tr("Now"), false);
    gauge_->start();
}

void LiveView::setMachine(const TopologyInfo& info, bool whatIf, const std::string& description) {
    machine_ = info;
    hasMachine_ = true;
    MachineShape shape = machineShapeFromTopology(info);
    shape.description = description;
    coreView_->setMachine(shape);
    std::vector<int> pus;
    for (const auto& pu : info.pus) pus.push_back(pu.osIndex);
    loadChart_->setCpus(pus);
    // PUs this process (and so every run) may not use are greyed from the start.
    if (!whatIf && info.allowed.count() < info.puCount()) coreView_->setAllowedPus(info.allowed.toVector());
    if (whatIf) loadChart_->setIdleText(tr("what-if machine: nothing runs here, so nothing is sampled"));
}

void LiveView::showMachineSample(const sampler::Snapshot& snapshot) { addSnapshot(-1, snapshot); }

void LiveView::startRun(bool namesProcesses) {
    live_ = true;
    runStartSeconds_ = now();
    showingMean_ = false;
    setCaption(tr("Now: the run as it goes"), false);
    namesProcesses_ = namesProcesses;
    runAllowedPus_.clear();
    coreView_->clearThreads();
    coreView_->setAllowedPus({});
    gauge_->start();
}

void LiveView::showWorkerReady(const events::WorkerReady& ready) {
    try {
        for (int pu : parsePlainCpuList(ready.cpuset).toVector()) runAllowedPus_.push_back(pu);
    } catch (const std::exception&) {
        return; // a cpuset the view cannot read is simply not marked
    }
    coreView_->setAllowedPus(runAllowedPus_);
}

void LiveView::showRunSample(const events::Sample& sample) {
    if (namesProcesses_ && !sample.newProcesses.empty()) nameProcesses(sample.newProcesses);
    addSnapshot(sample.run, sample.snapshot);
    if (sample.gauge) gauge_->showReading(*sample.gauge); // the engine's reading of the run's threads
}

void LiveView::showRunDone(const events::RunDone& done) {
    gauge_->setRunReading(done.gauge);
    lastRun_ = done.run;
    lastRunSince_ = runStartSeconds_;
    lastRunWallSeconds_ = done.wallSeconds;
    loadChart_->addRunPhases(runStartOnWindowClock(done.run), analysis::phaseSpans(done.phases, done.wallSeconds));
}

double LiveView::runStartOnWindowClock(int run) const {
    // A tick arrives a little after the engine took it: the smallest delay
    // is the best estimate of where the run's clock starts on the window's.
    double start = runStartSeconds_;
    bool sampled = false;
    for (auto it = history_.ticks().rbegin(); it != history_.ticks().rend(); ++it) {
        if (it->arrivalSeconds < runStartSeconds_) break;
        if (it->run != run) continue;
        const double estimate = it->arrivalSeconds - it->engineSeconds;
        start = sampled ? std::min(start, estimate) : estimate;
        sampled = true;
    }
    return start;
}

void LiveView::startAttach() {
    live_ = true;
    showingMean_ = false;
    lastRun_ = -1;
    setCaption(tr("Now: the attached program as it goes"), false);
    coreView_->clearThreads();
    coreView_->setAllowedPus({});
    gauge_->start();
}

void LiveView::showAttachSample(const events::Sample& sample) {
    if (!sample.newProcesses.empty()) nameProcesses(sample.newProcesses);
    addSnapshot(-1, sample.snapshot);
    if (sample.gauge) gauge_->showReading(*sample.gauge);
}

void LiveView::finish() {
    live_ = false;
    coreView_->clearThreads();
    gauge_->finish();
    lastRunMean_ = lastRun_ >= 0 ? history_.meanOfRun(lastRun_, lastRunSince_) : sampler::Snapshot{};
    if (lastRunMean_.cpus.empty()) {
        setCaption(tr("Now"), false);
        return;
    }
    if (nowButton_->isChecked()) setCaption(tr("Now (the last run's mean per PU: uncheck Now)"), true);
    else showRunMean();
}

void LiveView::setShowNow(bool now) {
    if (nowButton_->isChecked() != now) nowButton_->setChecked(now); // comes back here through toggled
    if (live_ || lastRunMean_.cpus.empty()) return;
    if (now) {
        showingMean_ = false;
        setCaption(tr("Now (the last run's mean per PU: uncheck Now)"), true);
    } else {
        showRunMean();
    }
}

void LiveView::showRunMean() {
    showingMean_ = true;
    coreView_->setSnapshot(lastRunMean_);
    setCaption(tr("Mean per PU over the last run (%1 s sampled of %2 s); Now shows the machine as it is")
                   .arg(lastRunMean_.intervalSeconds, 0, 'f', 1)
                   .arg(lastRunWallSeconds_, 0, 'f', 1),
               true);
}

QString LiveView::coreViewCaption() const { return caption_->text(); }

void LiveView::setCaption(const QString& text, bool offerToggle) {
    caption_->setText(text);
    nowButton_->setVisible(offerToggle);
}

void LiveView::addSnapshot(int run, const sampler::Snapshot& snapshot) {
    // A tick with no interval has no shares (the priming tick files written
    // before the engine kept it to itself): drawing it would be a false 0 %.
    if (snapshot.intervalSeconds <= 0) return;
    if (!showingMean_) coreView_->setSnapshot(snapshot);
    history_.add(now(), run, snapshot);
    // The chart redraws only while its tab is shown (the tab widget hides the others).
    if (!loadChart_->isHidden()) loadChart_->refresh(history_, now());
}

void LiveView::nameProcesses(const std::vector<events::ProcessName>& processes) {
    std::map<int, QString> names;
    for (const auto& process : processes) names[process.pid] = QString::fromStdString(process.name);
    coreView_->setProcessNames(names);
}

} // namespace oversub::ui
