#include "workloads/fill_random.h"

namespace oversub {
namespace {

uint64_t splitmix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

} // namespace

void fillUniform(std::span<double> values, uint64_t seed, double low, double high) {
    const double scale = (high - low) / 9007199254740992.0; // 2^53
    const uint64_t base = splitmix64(seed);
    for (size_t i = 0; i < values.size(); ++i) {
        const uint64_t bits = splitmix64(base + i) >> 11; // 53 random bits
        values[i] = low + static_cast<double>(bits) * scale;
    }
}

} // namespace oversub
