#pragma once
// The live oversubscription gauge in the status bar: the engine's reading
// of each sampler tick (the sample event's "gauge", computed by core's
// OversubscriptionGauge), shown as "now: concurrency 2.0x (over) · 48% of
// worker time waiting in run queue · 310 invol. switches/s". After a run it
// shows the run as a whole (run_done's "gauge", the figures the findings
// use), labelled "last run", so it never contradicts them. The run-queue share is
// the main signal; the switch rate is marked secondary (OpenBLAS yields
// count as involuntary). The window computes nothing here: the CLI's event
// stream holds the same figures.

#include "events/gauge_reading.h"

#include <QLabel>

#include <optional>

namespace oversub::ui {

class GaugeLabel : public QLabel {
    Q_OBJECT
public:
    explicit GaugeLabel(QWidget* parent = nullptr);

    // A new run or attach: forget the previous readings.
    void start();
    // One tick, shown at once as "now: ...".
    void showReading(const analysis::GaugeReading& reading);
    // A run's whole-run reading (run_done's gauge), kept for finish(); a
    // sweep's runs each replace the one before.
    void setRunReading(const std::optional<analysis::GaugeReading>& reading);
    // The run (or attach) ended: the last run's whole-run reading stays,
    // labelled "last run"; without one (an attach, an older engine) the last
    // busy tick does, labelled as a tick, instead of the idle tick of workers
    // already gone.
    void finish();

    std::optional<analysis::GaugeReading> lastReading() const { return last_; }
    std::optional<analysis::GaugeReading> runReading() const { return run_; }

    static QString describe(const analysis::GaugeReading& reading);
    // "4 threads on 2 PUs (x2) · concurrency ...": the whole run.
    static QString describeRun(const analysis::GaugeReading& reading);

private:
    void showText(const QString& text, analysis::ConcurrencyBand band);

    std::optional<analysis::GaugeReading> last_;
    std::optional<analysis::GaugeReading> lastBusy_;
    std::optional<analysis::GaugeReading> run_;
};

} // namespace oversub::ui
