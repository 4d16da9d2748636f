#pragma once
// Deterministic, fast pseudo-random input (splitmix64): the same seed gives
// the same bits on every machine, so a worker can generate its own input and
// a test can regenerate it.

#include <cstdint>
#include <span>

namespace oversub {

// Uniform doubles in [low, high). Element i depends only on (seed, i).
void fillUniform(std::span<double> values, uint64_t seed, double low, double high);

} // namespace oversub
