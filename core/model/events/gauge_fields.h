#pragma once
// The field table of a gauge reading, shared by the sample event's "gauge"
// (one tick) and run_done's "gauge" (the whole run), so both read and write
// the same keys.

#include "events/field_table.h"
#include "events/gauge_reading.h"

namespace oversub::events {

inline OrderedJson bandText(const analysis::ConcurrencyBand& band) { return std::string(analysis::toString(band)); }

inline analysis::ConcurrencyBand bandFromText(const Fields& f, const char* key) {
    const std::string text = f.text(key);
    for (auto band : {analysis::ConcurrencyBand::Idle, analysis::ConcurrencyBand::Poor, analysis::ConcurrencyBand::Ok,
                      analysis::ConcurrencyBand::Ideal, analysis::ConcurrencyBand::Over})
        if (text == analysis::toString(band)) return band;
    f.fail(key, "idle, poor, ok, ideal or over");
}

inline constexpr std::tuple kGaugeFields{
    field("threads", &analysis::GaugeReading::threadsSeen),
    shareField("demand_threads", &analysis::GaugeReading::demandThreads),
    shareField("running_threads", &analysis::GaugeReading::runningThreads),
    field("allowed_pus", &analysis::GaugeReading::allowedPus),
    shareField("concurrency", &analysis::GaugeReading::concurrency),
    shareField("runq_wait_share", &analysis::GaugeReading::runqWaitShare),
    shareField("involuntary_switches_per_s", &analysis::GaugeReading::involuntarySwitchesPerSecond),
    customField("band", &analysis::GaugeReading::band, bandText, bandFromText),
};

} // namespace oversub::events
