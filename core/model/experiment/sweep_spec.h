#pragma once
// Which knobs a sweep varies and over which values. Plain data, so that an
// Experiment (and the experiment file) can carry the sweep it was asked for;
// parsing and expansion are in sweep.h.

#include <cstddef>
#include <string>
#include <vector>

namespace oversub {

struct SweepAxis {
    std::string knob; // knob name, e.g. "workers"
    std::vector<std::string> values; // normalised text values, in the order given
    bool operator==(const SweepAxis&) const = default;
};

// Axes in the order they were given; the first axis varies slowest.
struct SweepSpec {
    std::vector<SweepAxis> axes;

    bool empty() const { return axes.empty(); }
    size_t pointCount() const {
        size_t n = 1;
        for (const auto& a : axes) n *= a.values.size();
        return n;
    }
    bool operator==(const SweepSpec&) const = default;
};

} // namespace oversub
