#pragma once
// The htop-style core view: one meter per PU grouped package > core > PU,
// bars split by CPU state in htop's colours, the run's allowed cpuset
// marked, every worker thread drawn in its worker's colour on the PU it last
// ran on. Above ~64 PUs it becomes a compact heat-map grid. Geometry comes
// from CoreViewLayout; this class only paints and answers tooltips.

#include "coreview/core_view_layout.h"
#include "coreview/machine_shape.h"
#include "sampler/samples.h"

#include <QWidget>

#include <map>
#include <vector>

namespace oversub::ui {

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
    void clearThreads();

    const CoreViewLayout& currentLayout() const { return layout_; }
    // Threads drawn on a PU (by OS index) in the last snapshot.
    int threadCountOn(int os) const;

    QSize sizeHint() const override { return {640, 420}; }
    QSize minimumSizeHint() const override { return {240, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void relayout();
    QString tooltipAt(const QPointF& point) const;
    bool isAllowed(int os) const;

    MachineShape shape_;
    CoreViewLayout layout_;
    std::map<int, sampler::CpuShare> sharesByOs_;
    std::map<int, std::vector<sampler::ThreadSample>> threadsByOs_;
    std::map<int, std::vector<int>> previewWorkersByOs_;
    std::vector<bool> allowedByOs_; // indexed by OS index; empty: everything allowed
};

} // namespace oversub::ui
