#pragma once
// Summaries of repeated measurements (wall time of the repetitions of one
// sweep point, GB/s, ...). Warm-up runs warm caches, page tables and the
// BLAS pool; they are never part of a summary.

#include <cstddef>
#include <span>
#include <vector>

namespace oversub::analysis {

struct Summary {
    std::size_t count = 0; // values summarised (warm-ups excluded)
    double median = 0; // middle value; mean of the two middle ones for an even count
    double min = 0;
    double max = 0;
    double mean = 0;
    double stddev = 0; // sample standard deviation (n - 1); 0 for a single value
};

// Summary of `values`. Throws oversub::InputError (field "values") when empty
// or when a value is not finite.
Summary summarize(std::span<const double> values);

// One measured repetition: its value and whether it was a warm-up.
struct Repetition {
    double value = 0;
    bool warmup = false;
};

// Summary of the repetitions that are not warm-ups. Throws InputError when
// every repetition is a warm-up.
Summary summarizeMeasured(std::span<const Repetition> repetitions);

double median(std::vector<double> values); // throws InputError when empty

} // namespace oversub::analysis
