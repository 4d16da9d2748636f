#include "gauge_label.h"

#include "analysis/advice_text.h"

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
    run_.reset();
    showText(tr("now: waiting for the first sample"), analysis::ConcurrencyBand::Idle);
}

void GaugeLabel::showReading(const analysis::GaugeReading& reading) {
    last_ = reading;
    if (reading.band != analysis::ConcurrencyBand::Idle) lastBusy_ = reading;
    showText(tr("now: %1").arg(describe(reading)), reading.band);
}

void GaugeLabel::setRunReading(const std::optional<analysis::GaugeReading>& reading) { run_ = reading; }

void GaugeLabel::finish() {
    if (run_) showText(tr("last run: %1").arg(describeRun(*run_)), run_->band);
    else if (lastBusy_) showText(tr("last busy tick: %1").arg(describe(*lastBusy_)), lastBusy_->band);
}

void GaugeLabel::showText(const QString& text, analysis::ConcurrencyBand band) {
    setText(text);
    const QString colour = bandColour(band);
    setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));
    setVisible(true);
}

QString GaugeLabel::describe(const analysis::GaugeReading& r) {
    const QString band =
        QString::fromUtf8(analysis::toString(r.band).data(), static_cast<qsizetype>(analysis::toString(r.band).size()));
    // Percentages rounded as the findings round them (analysis::percent).
    return tr("concurrency %1x (%2) \u00b7 %3 of worker time waiting in run queue \u00b7 %4 invol. switches/s "
              "(secondary)")
        .arg(r.concurrency, 0, 'f', 1)
        .arg(band)
        .arg(QString::fromStdString(analysis::percent(r.runqWaitShare)))
        .arg(qRound(r.involuntarySwitchesPerSecond));
}

QString GaugeLabel::describeRun(const analysis::GaugeReading& r) {
    const double factor = r.allowedPus > 0 ? static_cast<double>(r.threadsSeen) / r.allowedPus : 0;
    return tr("%1 on %2 (x%3) \u00b7 %4")
        .arg(QString::fromStdString(analysis::counted(r.threadsSeen, "thread", "threads")))
        .arg(QString::fromStdString(analysis::counted(r.allowedPus, "PU", "PUs")))
        .arg(factor, 0, 'g', 3)
        .arg(describe(r));
}

} // namespace oversub::ui
