#include "gauge_label.h"

namespace oversub::ui {
namespace {

// Band colours as text colours: red over, green ideal, amber for the rest.
QString bandColour(analysis::ConcurrencyBand band) {
    switch (band) {
    case analysis::ConcurrencyBand::Over: return QStringLiteral("#c02020");
    case analysis::ConcurrencyBand::Ideal: return QStringLiteral("#208030");
    case analysis::ConcurrencyBand::Ok:
    case analysis::ConcurrencyBand::Poor: return QStringLiteral("#a06000");
    case analysis::ConcurrencyBand::Idle: break;
    }
    return QString();
}

} // namespace

GaugeLabel::GaugeLabel(QWidget* parent) : QLabel(parent) {
    setObjectName(QStringLiteral("oversubscriptionGauge"));
    setToolTip(
        tr("Concurrency: threads running or waiting for a CPU / PUs the run may use "
           "(<= 50% poor, 51-85% ok, 86-115% ideal, > 115% over).\n"
           "Run-queue share: of the workers' time on or waiting for a CPU, the part spent waiting (schedstat).\n"
           "Involuntary switches are secondary: OpenBLAS waits with sched_yield, which the kernel counts here too."));
    setVisible(false);
}

void GaugeLabel::start() {
    last_.reset();
    lastBusy_.reset();
    setText(tr("concurrency: waiting for the first sample"));
    setStyleSheet(QString());
    setVisible(true);
}

void GaugeLabel::showReading(const analysis::GaugeReading& reading) {
    last_ = reading;
    if (reading.band != analysis::ConcurrencyBand::Idle) lastBusy_ = reading;
    setText(describe(reading));
    const QString colour = bandColour(reading.band);
    setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));
    setVisible(true);
}

void GaugeLabel::finish() {
    if (!lastBusy_) return;
    setText(tr("last run: %1").arg(describe(*lastBusy_)));
    const QString colour = bandColour(lastBusy_->band);
    setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));
}

QString GaugeLabel::describe(const analysis::GaugeReading& r) {
    const QString band =
        QString::fromUtf8(analysis::toString(r.band).data(), static_cast<qsizetype>(analysis::toString(r.band).size()));
    return tr("concurrency %1x (%2) \u00b7 %3% of worker time waiting in run queue \u00b7 %4 invol. switches/s "
              "(secondary)")
        .arg(r.concurrency, 0, 'f', 1)
        .arg(band)
        .arg(qRound(r.runqWaitShare * 100))
        .arg(qRound(r.involuntarySwitchesPerSecond));
}

} // namespace oversub::ui
