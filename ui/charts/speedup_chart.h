#pragma once
// Speedup and efficiency against workers x threads, with the ideal line and
// the Amdahl fit, computed by core's analysis (the CLI prints the same
// numbers) from each run's timed interval. Points are the ok, measured runs
// of the selected run's series: every knob equal except workers and threads.

#include "charts/chart_panel.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace oversub::ui {

struct StoredRun;

struct SpeedupPoint {
    int workers = 1, threads = 1;
    double resources = 1, speedup = 1;
    std::optional<double> efficiency; // none where workers x threads equals the base's
};

struct SpeedupCurve {
    std::vector<SpeedupPoint> points; // by resources
    double baseResources = 1;
    bool hasAmdahl = false;
    double serialFraction = 0;
    std::string baseDescription;
};

// From the store's runs: the series of `selected` (-1: the last run).
// allowedPus > 0 keeps points above it out of the Amdahl fit, as the CLI does.
SpeedupCurve speedupCurveOf(const std::vector<StoredRun>& runs, int selected, int allowedPus = 0);

// The memory bandwidth ceiling of a sweep (its sweep_done summary's
// "bandwidth"): the machine's triad bandwidth over one worker's, the most a
// memory-bound kernel can speed up however many workers it gets.
struct BandwidthCeiling {
    double ceiling = 0; // machineGbps / oneWorkerGbps
    double machineGbps = 0;
    double oneWorkerGbps = 0;
};

// From a sweep summary; nothing when it has no ceiling (not memory-bound,
// or the bandwidth was not measured).
std::optional<BandwidthCeiling> bandwidthCeilingOf(const nlohmann::json& summary);

class SpeedupChart : public ChartPanel {
    Q_OBJECT
public:
    explicit SpeedupChart(QWidget* parent = nullptr);
    void setRuns(const std::vector<StoredRun>& runs, int selected, int allowedPus = 0);
    const SpeedupCurve& curve() const { return curve_; }
    // Remembers the ceiling measured by sweep invocation `invocation`; it is
    // drawn while the selected run is a memory-bound run of that invocation.
    void setBandwidthCeiling(int invocation, const BandwidthCeiling& ceiling);
    // The ceiling drawn now (nothing when none is drawn), its line and label.
    std::optional<BandwidthCeiling> shownCeiling() const { return shown_; }
    QLineSeries* ceilingLine() const { return ceiling_; }
    QString ceilingText() const;

protected:
    void restyle() override;

private:
    void placeCeilingLabel();

    SpeedupCurve curve_;
    std::map<int, BandwidthCeiling> ceilings_; // by invocation
    std::optional<BandwidthCeiling> shown_;
    QLineSeries* ceiling_ = nullptr;
    QGraphicsSimpleTextItem* ceilingLabel_ = nullptr;
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
