#pragma once
// Per-core load over the last 60 s: one line per PU up to 16 PUs; above
// that the machine's mean with the busiest and least busy PU, so a 512-PU
// machine stays a readable chart. Series are updated with replace() per tick.

#include "charts/chart_panel.h"

#include <vector>

class QLineSeries;
class QValueAxis;

namespace oversub::ui {

class SampleHistory;

class LoadChart : public ChartPanel {
    Q_OBJECT
public:
    static constexpr double kWindowSeconds = 60;
    static constexpr int kMaxPerPuLines = 16;

    explicit LoadChart(QWidget* parent = nullptr);

    // PUs to draw (OS indexes); resets the series.
    void setCpus(const std::vector<int>& cpus);
    // Redraws from the history, x = seconds before `nowSeconds`.
    void refresh(const SampleHistory& history, double nowSeconds);
    // What the empty chart says (default: waiting for samples).
    void setIdleText(const QString& text);
    int seriesCount() const { return static_cast<int>(series_.size()); }

private:
    std::vector<int> cpus_;
    std::vector<QLineSeries*> series_;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    bool perPu_ = true;
    QString idleText_;
};

} // namespace oversub::ui
