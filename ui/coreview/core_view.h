#pragma once
// The htop-style core view: one meter per PU grouped package > core > PU,
// bars split by CPU state in htop's colours, the run's allowed cpuset
// marked, every worker thread drawn in its worker's colour on the PU it last
// ran on. Threads of other processes (an attached program's tree, the
// processes of a command run) get one colour per process, in the order the
// processes appear, with a bottom legend naming pid and command. Above ~64 PUs it becomes a compact heat-map grid. Geometry comes
// from CoreViewLayout; this class only paints and answers tooltips.

#include "coreview/core_view_layout.h"
#include "coreview/machine_shape.h"
#include "events/samples.h"

#include <QWidget>

#include <map>
#include <optional>
#include <set>
#include <vector>

class QPainter;

namespace oversub::ui {

class UiPalette;

class CoreView : public QWidget {
    Q_OBJECT
public:
    explicit CoreView(QWidget* parent = nullptr);

    void setMachine(const MachineShape& shape);
    const MachineShape& machine() const { return shape_; }

    // Latest sampler tick: per-PU shares and per-thread positions.
    void setSnapshot(const sampler::Snapshot& snapshot);
    // PUs the run may use; the others are greyed. Empty: no run cpuset known.
    void setAllowedPus(const std::vector<int>& pus);
    // What-if placement: PUs each worker would get (hollow markers).
    void setPlacementPreview(const std::vector<std::vector<int>>& puesPerWorker);
    // Clears the markers and forgets the processes (their colours and names).
    void clearThreads();
    // Names shown in the process legend and tooltips (pid -> command name);
    // naming any process turns the legend on until clearThreads().
    void setProcessNames(const std::map<int, QString>& namesByPid);
    // The palette index a process's threads are drawn with; -1 when unseen.
    // Workers keep their worker index; other processes get the next free
    // index in order of appearance.
    int processColourIndex(int pid) const;
    std::vector<int> processesInOrder() const { return processOrder_; }
    bool showsProcessLegend() const { return processLegend_; }
    // "pid name" of every process in the last snapshot, in order of appearance.
    QString processLegendText() const;

    const CoreViewLayout& currentLayout() const { return layout_; }
    // Threads drawn on a PU (by OS index) in the last snapshot.
    int threadCountOn(int os) const;
    // The shares drawn on a PU (by OS index); nullopt before any snapshot.
    std::optional<sampler::CpuShare> shareOn(int os) const;
    // The text a hover at `point` shows (empty outside every PU).
    QString tooltipAt(const QPointF& point) const;

    // False for a PU drawn greyed (outside the allowed PUs set last).
    bool isAllowed(int os) const;

    QSize sizeHint() const override { return {640, 420}; }
    QSize minimumSizeHint() const override { return {240, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void relayout();
    void noteProcess(const sampler::ThreadSample& thread);
    int colourIndexOf(const sampler::ThreadSample& thread) const;
    QString processLabel(int pid) const;
    std::vector<int> legendProcesses() const;
    void paintProcessLegend(QPainter& painter, const UiPalette& pal);

    MachineShape shape_;
    CoreViewLayout layout_;
    std::map<int, sampler::CpuShare> sharesByOs_;
    std::map<int, std::vector<sampler::ThreadSample>> threadsByOs_;
    std::map<int, std::vector<int>> previewWorkersByOs_;
    std::vector<bool> allowedByOs_; // indexed by OS index; empty: everything allowed
    std::map<int, int> colourByPid_; // pid -> palette index
    std::vector<int> processOrder_; // pids in order of appearance
    std::map<int, QString> namesByPid_;
    std::set<int> livePids_; // processes of the last snapshot
    int nextColour_ = 0; // next index for a process that is not a worker
    bool processLegend_ = false;
};

} // namespace oversub::ui
