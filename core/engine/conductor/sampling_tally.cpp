#include "conductor/sampling_tally.h"

#include <algorithm>

namespace oversub::conductor {

void SamplingTally::tick(double atSeconds) {
    if (samples_ == 0) firstS_ = atSeconds;
    else longestGapS_ = std::max(longestGapS_, atSeconds - lastS_);
    lastS_ = atSeconds;
    ++samples_;
}

std::optional<events::SamplingStats> SamplingTally::stats() const {
    if (requestedHz_ <= 0 || samples_ < 2 || lastS_ <= firstS_) return std::nullopt;
    return events::SamplingStats{requestedHz_, (samples_ - 1) / (lastS_ - firstS_), longestGapS_, samples_};
}

} // namespace oversub::conductor
