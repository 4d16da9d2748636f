#pragma once
// The live oversubscription gauge in the status bar: core's
// OversubscriptionGauge read on every sampler tick of a run, shown as
// "concurrency 2.0x (over) · 48% of worker time waiting in run queue ·
// 310 invol. switches/s". The run-queue share is the main signal; the
// switch rate is marked secondary (OpenBLAS yields count as involuntary).

#include "analysis/oversubscription_gauge.h"

#include <QLabel>

#include <optional>

namespace oversub::ui {

class GaugeLabel : public QLabel {
    Q_OBJECT
public:
    explicit GaugeLabel(QWidget* parent = nullptr);

    // A new run: forget the previous one's threads; PUs the run may use.
    void start(int allowedPus);
    // The run's cpuset became known (workers ready): same threads, new PU count.
    void setAllowedPus(int allowedPus);
    void update(const sampler::Snapshot& snapshot);
    // The run ended: its last busy reading stays, marked as the last run's,
    // instead of the idle tick of workers already gone.
    void finish();

    int allowedPus() const { return allowedPus_; }
    std::optional<analysis::GaugeReading> lastReading() const { return last_; }

    static QString describe(const analysis::GaugeReading& reading);

private:
    int allowedPus_ = 0;
    analysis::OversubscriptionGauge gauge_{0};
    std::optional<analysis::GaugeReading> last_;
    std::optional<analysis::GaugeReading> lastBusy_;
};

} // namespace oversub::ui
