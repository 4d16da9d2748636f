#pragma once
// Speedup and efficiency against workers x threads, with the ideal line and
// the Amdahl fit, computed by core's analysis (the CLI prints the same
// numbers). Points are the ok, measured runs of the selected run's family:
// every knob equal except workers and threads.

#include "charts/chart_panel.h"

#include <string>
#include <vector>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace oversub::ui {

struct StoredRun;

struct SpeedupPoint {
    int workers = 1, threads = 1;
    double resources = 1, speedup = 1, efficiency = 1;
};

struct SpeedupCurve {
    std::vector<SpeedupPoint> points; // by resources
    double baseResources = 1;
    bool hasAmdahl = false;
    double serialFraction = 0;
    std::string baseDescription;
};

// From the store's runs: the family of `selected` (-1: the last run).
SpeedupCurve speedupCurveOf(const std::vector<StoredRun>& runs, int selected);

class SpeedupChart : public ChartPanel {
    Q_OBJECT
public:
    explicit SpeedupChart(QWidget* parent = nullptr);
    void setRuns(const std::vector<StoredRun>& runs, int selected);
    const SpeedupCurve& curve() const { return curve_; }

private:
    SpeedupCurve curve_;
    QLineSeries* measured_ = nullptr;
    QScatterSeries* measuredDots_ = nullptr;
    QLineSeries* ideal_ = nullptr;
    QLineSeries* efficiency_ = nullptr;
    QLineSeries* amdahl_ = nullptr;
    QValueAxis* x_ = nullptr;
    QValueAxis* y_ = nullptr;
    QValueAxis* yEfficiency_ = nullptr;
};

} // namespace oversub::ui
