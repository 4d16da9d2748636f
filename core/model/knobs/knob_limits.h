#pragma once
// The limits of knobs that more than the knob table checks (placement, the
// watch command, `place`), written once. The knob table shows them in
// `oversub-cli knobs` and checks experiment files with them.

namespace oversub {

inline constexpr int kMaxWorkers = 4096; // worker processes of one run
inline constexpr int kMaxThreadsPerWorker = 1024; // BLAS/OpenMP threads inside each
inline constexpr double kMinRateHz = 1; // samples per second, runs and watches
inline constexpr double kMaxRateHz = 50;

} // namespace oversub
