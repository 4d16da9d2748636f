#include "charts/nice_ticks.h"

#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace oversub::ui {
namespace {

constexpr double kMantissas[] = {1, 2, 5};

} // namespace

double niceTickInterval(double span, int maxIntervals) {
    if (!(span > 0) || !std::isfinite(span)) return 1;
    const double raw = span / std::max(1, maxIntervals);
    double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (;;) {
        for (const double m : kMantissas)
            if (m * decade >= raw * (1 - 1e-9)) return m * decade;
        decade *= 10;
    }
}

void setNiceRange(QValueAxis* axis, double top, int maxIntervals, double minInterval) {
    const double interval = std::max(niceTickInterval(top, maxIntervals), minInterval);
    const double max = top > 0 ? std::ceil(top / interval - 1e-9) * interval : interval;
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(interval);
    axis->setRange(0, max);
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(interval) - 1e-9)));
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

} // namespace oversub::ui
