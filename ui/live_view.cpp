#include "live_view.h"

#include "charts/load_chart.h"
#include "coreview/core_view.h"
#include "coreview/machine_shape_from_topology.h"
#include "gauge_label.h"
#include "topology/cpu_list.h"

#include <map>

namespace oversub::ui {

LiveView::LiveView(QObject* parent)
    : QObject(parent), coreView_(new CoreView), loadChart_(new LoadChart), gauge_(new GaugeLabel) {
    coreView_->setObjectName(QStringLiteral("coreView"));
    clock_.start();
    chartTimer_.setInterval(1000);
    connect(&chartTimer_, &QTimer::timeout, this, [this] { loadChart_->refresh(history_, now()); });
    chartTimer_.start();
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

void LiveView::startAttach() {
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
    coreView_->clearThreads();
    gauge_->finish();
}

void LiveView::addSnapshot(int run, const sampler::Snapshot& snapshot) {
    coreView_->setSnapshot(snapshot);
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
