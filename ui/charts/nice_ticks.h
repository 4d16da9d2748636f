#pragma once
// Value axes ticked at round numbers: a 1-2-5 interval (..., 0.1, 0.2, 0.5,
// 1, 2, 5, 10, ...) from 0, instead of Qt's default of 5 ticks spread evenly
// over whatever range the data gave (0.92, 1.85, 2.77).

class QValueAxis;

namespace oversub::ui {

// The smallest 1-2-5 interval that covers [0, span] in at most
// `maxIntervals` steps; 1 for a span <= 0.
double niceTickInterval(double span, int maxIntervals);
// Ranges `axis` over [0, a multiple of the interval >= top], ticks every
// interval from 0, and labels with as many decimals as the interval needs.
// `minInterval` keeps whole-number axes (workers x threads) whole.
void setNiceRange(QValueAxis* axis, double top, int maxIntervals = 6, double minInterval = 0);

} // namespace oversub::ui
