#include "analysis/statistics.h"

#include "util/input_error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace oversub::analysis {

namespace {

void requireUsable(std::span<const double> values) {
    if (values.empty()) throw InputError("values", "(none)", "at least one measured repetition");
    for (double v : values)
        if (!std::isfinite(v)) throw InputError("values", std::to_string(v), "finite numbers");
}

double medianOfSorted(const std::vector<double>& sorted) {
    const std::size_t n = sorted.size();
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

} // namespace

double median(std::vector<double> values) {
    requireUsable(values);
    std::sort(values.begin(), values.end());
    return medianOfSorted(values);
}

Summary summarize(std::span<const double> values) {
    requireUsable(values);
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());

    Summary s;
    s.count = sorted.size();
    s.median = medianOfSorted(sorted);
    s.min = sorted.front();
    s.max = sorted.back();
    s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(s.count);
    if (s.count > 1) {
        double squares = 0;
        for (double v : sorted) squares += (v - s.mean) * (v - s.mean);
        s.stddev = std::sqrt(squares / static_cast<double>(s.count - 1));
    }
    return s;
}

Summary summarizeMeasured(std::span<const Repetition> repetitions) {
    std::vector<double> measured;
    for (const auto& r : repetitions)
        if (!r.warmup) measured.push_back(r.value);
    if (measured.empty())
        throw InputError("repetitions", std::to_string(repetitions.size()) + " warm-up(s) only",
                         "at least one repetition that is not a warm-up");
    return summarize(measured);
}

} // namespace oversub::analysis
