#include "events/gauge_reading.h"

namespace oversub::analysis {

std::string_view toString(ConcurrencyBand band) {
    switch (band) {
    case ConcurrencyBand::Idle: return "idle";
    case ConcurrencyBand::Poor: return "poor";
    case ConcurrencyBand::Ok: return "ok";
    case ConcurrencyBand::Ideal: return "ideal";
    case ConcurrencyBand::Over: return "over";
    }
    return "?";
}

ConcurrencyBand bandOf(double concurrency) {
    if (concurrency <= 0) return ConcurrencyBand::Idle;
    if (concurrency <= 0.50) return ConcurrencyBand::Poor;
    if (concurrency <= 0.85) return ConcurrencyBand::Ok;
    if (concurrency <= 1.15) return ConcurrencyBand::Ideal;
    return ConcurrencyBand::Over;
}

} // namespace oversub::analysis
