#include "analysis/phase_spans.h"

#include <algorithm>

namespace oversub::analysis {

std::vector<PhaseSpan> phaseSpans(const events::Phases& phases, double wallSeconds) {
    const double wall = std::max(0.0, wallSeconds);
    auto within = [wall](double seconds) { return std::clamp(seconds, 0.0, wall); };
    const double computeBegins = within(std::max(0.0, phases.prepareSeconds) + std::max(0.0, phases.spawnSeconds));
    const double teardownBegins = std::max(computeBegins, within(wall - std::max(0.0, phases.teardownSeconds)));
    const double spawnBegins = std::min(computeBegins, within(phases.prepareSeconds));
    return {{"prepare", 0, spawnBegins},
            {"spawn", spawnBegins, computeBegins},
            {"compute", computeBegins, teardownBegins},
            {"teardown", teardownBegins, wall}};
}

} // namespace oversub::analysis
