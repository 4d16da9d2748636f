#pragma once
// The live oversubscription gauge in the status bar: the engine's reading
// of each sampler tick (the sample event's "gauge", computed by core's
// OversubscriptionGauge), shown as "concurrency 2.0x (over) · 48% of worker
// time waiting in run queue · 310 invol. switches/s". The run-queue share is
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
    void showReading(const analysis::GaugeReading& reading);
    // The run ended: its last busy reading stays, marked as the last run's,
    // instead of the idle tick of workers already gone.
    void finish();

    std::optional<analysis::GaugeReading> lastReading() const { return last_; }

    static QString describe(const analysis::GaugeReading& reading);

private:
    std::optional<analysis::GaugeReading> last_;
    std::optional<analysis::GaugeReading> lastBusy_;
};

} // namespace oversub::ui
